"""What a stranger sends cannot break a thread for everyone else.

Written as an attacker would try it: every reader-supplied id, number,
cursor, key, anchor and title, in the API and the HTML views. Whatever goes
in, the answer is a 4xx that says what is wrong, and the thread still reads.
"""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import quote
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gazette.discussion import services
from gazette.discussion.models import Comment, Thread
from gazette.discussion.tests import factories
from tests.caches import clear_cache
from tests.stamps import stamp

pytestmark = pytest.mark.django_db
API = "/api/v1"
KEY = "embed-test-thread"
EXAMPLES = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
# Text that is not a plain id: Unicode digits, huge numbers, signs, exponents.
NOT_IDS = st.one_of(
    st.text(min_size=1, max_size=30),
    st.sampled_from(
        ["AAA", "\u00b2", "\u0661\u0660", "1e3", "-1", "0", "00012", "9" * 25, "1.5"]
    ),
    st.integers(min_value=2**63).map(str),
)


def _post(client: Client, key: str = KEY, **data: Any) -> Any:
    body = {"text": "Hello", "author_name": "Ana", "rendered": stamp(), **data}
    return client.post(
        f"{API}/threads/{quote(key, safe='')}/comments",
        body,
        content_type="application/json",
    )


def _reads(client: Client, key: str = KEY) -> None:
    """The thread, its passages, its feed and its embed all still answer."""
    clear_cache()
    path = quote(key, safe="")
    for url in (
        f"{API}/threads/{path}/comments",
        f"{API}/threads/{path}/passages",
        f"/embed/threads/{path}",
        f"/comments/feed/{path}",
    ):
        assert client.get(url).status_code == 200, url


# ---- 3. no single write may break reads --------------------------------------


def test_an_embed_anchor_without_a_position_is_refused_and_breaks_nothing(
    client: Client,
) -> None:
    factories.comment(thread_key=KEY)
    anchor = {"block": "b1", "selector": [{"type": "TextQuoteSelector", "exact": "x"}]}

    response = _post(client, anchor=anchor)

    assert response.status_code == 400
    assert "TextPositionSelector" in response.json()["errors"]["anchor"]
    _reads(client)


@pytest.mark.parametrize(
    "anchor",
    [
        {"block": "b1", "selector": [{"type": "TextQuoteSelector", "exact": "x"}]},
        {"block": "b1", "selector": []},
        {"selector": "nonsense"},
        {"block": "b1", "selector": [{"type": "TextPositionSelector", "start": 1}]},
    ],
)
def test_a_broken_anchor_that_got_in_reads_as_a_placeholder(
    client: Client, anchor: dict[str, Any]
) -> None:
    comment = factories.comment(thread_key=KEY, text="An old comment.")
    Comment.objects.filter(pk=comment.pk).update(anchor=anchor, passage=anchor)

    _reads(client)
    clear_cache()
    body = client.get(f"{API}/threads/{KEY}/comments").json()
    assert body["comments"][0]["html"] == "<p>An old comment.</p>"


def _chain(length: int, key: str = KEY) -> list[Comment]:
    """``length`` comments, each replying to the one before (built directly)."""
    first = factories.comment(thread_key=key, text="The start of a long chain.")
    chain = [first]
    for n in range(1, length):
        parent = chain[-1]
        chain.append(
            Comment(
                thread=first.thread,
                parent=parent,
                root=first,
                depth=n,
                author_name=f"Replier {n}",
                text=f"Reply {n}.",
                html=f"<p>Reply {n}.</p>",
                status=Comment.Status.PUBLISHED,
            )
        )
        chain[-1].save()
    Thread.objects.filter(pk=first.thread_id).update(comment_count=length)
    return chain


def _deepest(comments: list[dict[str, Any]]) -> int:
    depth, level = 0, comments
    while level:
        depth += 1
        level = [r for c in level for r in c["replies"]]
    return depth


def test_a_thousand_levels_of_replies_read_like_a_flat_thread(
    client: Client, settings: Any
) -> None:
    chain = _chain(1000)

    with CaptureQueriesContext(connection) as deep:
        response = client.get(f"{API}/threads/{KEY}/comments?limit=10")
    clear_cache()
    factories.comment(thread_key="flat-thread")
    with CaptureQueriesContext(connection) as flat:
        client.get(f"{API}/threads/flat-thread/comments?limit=10")

    assert response.status_code == 200
    body = response.json()
    assert _deepest(body["comments"]) == settings.GAZETTE_COMMENT_INDENT_DEPTH + 1
    beside = body["comments"][0]
    for _ in range(settings.GAZETTE_COMMENT_INDENT_DEPTH):
        [beside] = beside["replies"] if len(beside["replies"]) == 1 else [beside]
    assert len(deep.captured_queries) == len(flat.captured_queries)
    page = client.get(f"/embed/threads/{KEY}")
    assert page.status_code == 200
    assert "Reply 999." in page.content.decode()
    assert "in reply to" in page.content.decode().lower()
    reply = services.comment_create(
        services.CommentRequest(
            thread_key=KEY, text="At the end.", author_name="Z", parent_id=chain[-1].pk
        )
    )
    assert reply.comment.depth == 1000


# ---- 3. titles a stranger can set --------------------------------------------


@pytest.mark.parametrize(
    "title", ["Line\nBreak", "Bell\x07", "Right\u202eto-left", "x" * 201]
)
def test_a_thread_title_must_be_plain_bounded_text(client: Client, title: str) -> None:
    response = _post(client, key="new-embed", thread_title=title)

    assert response.status_code == 400
    assert "thread_title" in response.json()["errors"]
    assert not Thread.objects.filter(key="new-embed").exists()


def test_only_an_allowed_embedding_site_names_its_thread(
    client: Client, settings: Any
) -> None:
    settings.GAZETTE_EMBED_ORIGINS = ["https://blog.example"]

    _post(
        client,
        key="stranger",
        thread_url="https://evil.example/x",
        thread_title="Click here to win",
    )
    _post(
        client,
        key="allowed",
        thread_url="https://blog.example/post/",
        thread_title="  Our   post  ",
    )

    stranger = Thread.objects.get(key="stranger")
    allowed = Thread.objects.get(key="allowed")
    assert (stranger.url, stranger.title) == ("", "")
    assert stranger.mail_name == settings.WAGTAIL_SITE_NAME
    assert (allowed.url, allowed.title) == ("https://blog.example/post/", "Our post")
    assert allowed.mail_name == "blog.example"


# ---- 4. numbers, ids and cursors ----------------------------------------------


@EXAMPLES
@given(raw=NOT_IDS)
def test_an_id_that_is_not_one_gets_a_json_404_whatever_the_method(raw: str) -> None:
    client = Client()
    path = quote(raw, safe="")
    for method, url in (
        ("patch", f"{API}/comments/{path}"),
        ("delete", f"{API}/comments/{path}"),
        ("post", f"{API}/comments/{path}"),
        ("post", f"{API}/comments/{path}/votes"),
        ("post", f"{API}/comments/{path}/flags"),
    ):
        response = getattr(client, method)(url, {}, content_type="application/json")
        assert response.status_code in (400, 404), (method, url)
        assert response["Content-Type"].startswith("application/json")


@EXAMPLES
@given(raw=NOT_IDS)
def test_html_comment_pages_answer_404_to_ids_that_are_not_ids(raw: str) -> None:
    client = Client()
    for tail in ("", "reply/", "edit/", "delete/", "report/"):
        response = client.get(f"/comments/{quote(raw, safe='')}/{tail}")
        assert response.status_code == 404


@EXAMPLES
@given(
    cursor=st.one_of(
        st.text(max_size=60),
        st.lists(
            st.one_of(st.integers(), st.text(max_size=10), st.none(), st.floats())
        ).map(lambda v: base64.urlsafe_b64encode(json.dumps(v).encode()).decode()),
        st.sampled_from(
            [
                base64.urlsafe_b64encode(
                    b'[1e999, "2026-01-01T00:00:00+00:00", 1]'
                ).decode(),
                base64.urlsafe_b64encode(
                    b'[99999999999999999999999, "2026-01-01T00:00:00+00:00", 1]'
                ).decode(),
                base64.urlsafe_b64encode(
                    b'[true, "2026-01-01T00:00:00+00:00", 1]'
                ).decode(),
                base64.urlsafe_b64encode(b'["2026-01-01T00:00:00", 1]').decode(),
                base64.urlsafe_b64encode(
                    b'["2026-01-01", 99999999999999999999999]'
                ).decode(),
                base64.urlsafe_b64encode(b"[[[[[[[[[[]]]]]]]]]]").decode(),
            ]
        ),
    ),
    sort=st.sampled_from(["newest", "oldest", "votes"]),
)
def test_a_hand_made_cursor_is_refused_with_400(cursor: str, sort: str) -> None:
    response = Client().get(
        f"{API}/threads/{KEY}/comments", {"cursor": cursor, "sort": sort}
    )

    assert response.status_code in (200, 400)
    assert response["Content-Type"].startswith("application/json")


@EXAMPLES
@given(limit=st.one_of(NOT_IDS, st.integers().map(str)))
def test_a_limit_out_of_range_is_400(limit: str) -> None:
    response = Client().get(f"{API}/threads/{KEY}/comments", {"limit": limit})

    assert response.status_code in (200, 400)


@pytest.mark.parametrize(
    "spelling", ["page-0{id}", "Page-{id}", "page-{id} ", "page-+{id}"]
)
def test_another_spelling_of_a_page_key_names_no_thread(
    client: Client, article: Any, spelling: str
) -> None:
    key = spelling.format(id=article.pk)

    posted = _post(client, key=key)

    assert posted.status_code == 404
    assert (
        not Thread.objects.exclude(key=f"page-{article.pk}")
        .filter(key__icontains=str(article.pk))
        .exists()
    )


def test_arabic_indic_digits_name_no_page(client: Client, article: Any) -> None:
    digits = "".join(chr(0x660 + int(d)) for d in str(article.pk))

    assert _post(client, key=f"page-{digits}").status_code == 404
    assert Thread.objects.count() == 0


@EXAMPLES
@given(number=NOT_IDS)
def test_a_vote_value_that_is_not_one_is_refused(number: str) -> None:
    client = Client()
    comment = Comment.objects.filter(thread__key=KEY).first() or factories.comment(
        thread_key=KEY
    )

    response = client.post(f"/comments/{comment.pk}/vote/", {"value": number})

    assert response.status_code in (302, 400)


@EXAMPLES
@given(
    reader=st.text(max_size=600),
    body=st.one_of(
        st.sampled_from([1, -1, 0]).map(lambda v: {"value": v}),
        st.dictionaries(st.text(max_size=5), st.recursive(st.none(), st.lists)),
        st.integers(),
    ),
)
def test_any_vote_leaves_totals_that_match_the_votes(reader: str, body: Any) -> None:
    """Garbage reader headers and bodies: a 4xx or a counted vote, never drift."""
    comment = Comment.objects.filter(thread__key=KEY).first() or factories.comment(
        thread_key=KEY
    )
    header = reader.encode("utf-8", "replace").decode("latin-1")  # as WSGI sees it

    response = Client().post(
        f"{API}/comments/{comment.pk}/votes",
        json.dumps(body),
        content_type="application/json",
        HTTP_X_GAZETTE_READER=header,
    )

    # Counted, or refused with a reason (the network's limit, the rate limit).
    assert response.status_code in (200, 400, 403, 422, 429), response.content
    assert "detail" in response.json() or response.status_code == 200
    comment.refresh_from_db()
    values = list(comment.votes.values_list("value", flat=True))
    assert (comment.upvotes, comment.downvotes) == (values.count(1), values.count(-1))
    assert comment.score == sum(values)
    assert Client().get(f"{API}/threads/{KEY}/comments").status_code == 200


# ---- 3. text that a page, a feed or a mail cannot carry ----------------------


@pytest.mark.parametrize(
    "field", ["text", "author_name", "thread_title", "author_email", "notify"]
)
def test_a_lone_surrogate_anywhere_in_a_body_is_refused(
    client: Client, field: str
) -> None:
    body = {"text": "Hi", "author_name": "Ana", "rendered": stamp()}
    raw = json.dumps(body)[:-1] + f', "{field}": "x\\ud800y"}}'
    response = client.post(
        f"{API}/threads/{KEY}/comments", raw, content_type="application/json"
    )

    assert response.status_code == 400
    assert "Unicode" in response.json()["detail"]
    assert not Comment.objects.exists()


def test_an_anchor_with_a_lone_surrogate_is_refused(client: Client) -> None:
    factories.comment(thread_key=KEY)
    raw = (
        '{"text": "On this.", "author_name": "Ana", "anchor": {"block": "b", '
        '"selector": [{"type": "TextQuoteSelector", "exact": "\\udc00"}, '
        '{"type": "TextPositionSelector", "start": 0, "end": 1}]}}'
    )

    response = client.post(
        f"{API}/threads/{KEY}/comments", raw, content_type="application/json"
    )

    assert response.status_code == 400
    _reads(client)


def test_characters_no_feed_can_carry_are_dropped(client: Client) -> None:
    posted = _post(
        client, text="Fine\ufffe words\uffff here\x0b.", author_name="A\x07na"
    )

    assert posted.status_code == 201
    feed = client.get(f"/comments/feed/{KEY}")
    assert feed.status_code == 200
    ElementTree.fromstring(feed.content)  # noqa: S314 (well-formed XML: our own feed)
    assert Comment.objects.get().text == "Fine words here."


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


WHEN = b'"2026-01-01T00:00:00+00:00"'


@pytest.mark.parametrize("sort", ["newest", "oldest", "votes"])
@pytest.mark.parametrize(
    "cursor",
    [
        _b64(b"[1e999, " + WHEN + b", 1]"),
        _b64(b"[99999999999999999999999, " + WHEN + b", 1]"),
        _b64(b"[" + WHEN + b", 99999999999999999999999]"),
        _b64(b"[true, " + WHEN + b", 1]"),
        _b64(b"[" + WHEN + b", 1.5]"),
        _b64(b'["2026-01-01T00:00:00", 1]'),
        _b64(b"[" + WHEN + b", 1, 2, 3]"),
        _b64(b"[" * 5000 + b"]" * 5000),
        _b64(b'{"a": 1}'),
        "not base64 at all!",
        "x" * 5000,
    ],
)
def test_a_cursor_this_server_never_wrote_is_400(
    client: Client, cursor: str, sort: str
) -> None:
    factories.comment(thread_key=KEY)

    response = client.get(
        f"{API}/threads/{KEY}/comments", {"cursor": cursor, "sort": sort}
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"cursor": "Invalid cursor."}
