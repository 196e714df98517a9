"""Garbage in every cookie, header and field the pages read: never an error.

The signed cookies and headers a browser sends back (guest id, edit tokens,
own comments, proven addresses, the form stamp), the embedding page's address,
and the event stream's ``Last-Event-ID`` are all a stranger's to set.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gazette.discussion import identity, origins
from gazette.discussion.tests import factories
from gazette.live import bus as live
from gazette.live.sse import _last_event_id, _missed
from gazette.readers import identity as readers
from tests.stamps import stamp

pytestmark = pytest.mark.django_db
KEY = "embed-test-thread"
GARBAGE = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["\u00b2", "9" * 400, "-1", "\x00\x07", "a:b:c", "." + "A" * 5000]),
)
COOKIES = [
    readers.READER_COOKIE,
    identity.EDIT_COOKIE,
    identity.MINE_COOKIE,
    readers.PROVEN_COOKIE,
    identity.SORT_COOKIE,
]
QUICK = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(autouse=True)
def _no_rate_limits(settings: Any) -> None:
    settings.GAZETTE_RATELIMIT_ENABLED = False  # many examples, one network


def _printable(value: str) -> str:
    """What a cookie header can carry at all (Latin-1, no separators)."""
    return "".join(c for c in value if " " < c < "\x7f" and c not in ';,"\\')


@QUICK
@given(value=GARBAGE, header=GARBAGE)
def test_garbage_cookies_and_reader_header_change_nothing(
    value: str, header: str
) -> None:
    comment = factories.comment(thread_key=KEY)
    client = Client(HTTP_X_GAZETTE_READER=_printable(header))
    for name in COOKIES:
        client.cookies[name] = _printable(value)

    read = client.get(f"/embed/threads/{KEY}")
    posted = client.post(
        f"/api/v1/threads/{KEY}/comments",
        {"text": "Still fine.", "author_name": "Ana", "rendered": stamp()},
        content_type="application/json",
    )
    voted = client.post(
        f"/api/v1/comments/{comment.pk}/votes",
        {"value": 1},
        content_type="application/json",
    )

    assert read.status_code == 200
    assert posted.status_code == 201
    assert voted.status_code == 200


@QUICK
@given(rendered=GARBAGE)
def test_a_garbage_form_stamp_holds_the_post_and_breaks_nothing(
    rendered: str,
) -> None:
    response = Client().post(
        f"/api/v1/threads/{KEY}/comments",
        {"text": "A point.", "author_name": "Ana", "rendered": rendered[:200]},
        content_type="application/json",
    )

    assert response.status_code in (201, 400)
    if response.status_code == 201:
        assert response.json()["pending"] is True


@QUICK
@given(
    url=st.one_of(
        GARBAGE,
        st.sampled_from(
            [
                "http://[::1",
                "https://",
                "ftp://blog.example/",
                "https://blog.example:99999/x",
                "//blog.example/x",
            ]
        ),
    )
)
def test_any_embedding_address_is_kept_only_when_allowed(
    url: str, settings: Any
) -> None:
    settings.GAZETTE_EMBED_ORIGINS = ["https://blog.example"]

    kept = origins.allowed_url(url)

    assert kept in ("", url)
    if kept:
        assert url.startswith("https://blog.example")


@given(
    value=st.one_of(
        GARBAGE,
        st.integers().map(str),
        st.binary(max_size=40).map(lambda b: b.decode("latin-1")),
    )
)
def test_a_garbage_last_event_id_starts_from_nothing(value: str) -> None:
    scope = {"headers": [(b"last-event-id", value.encode("latin-1", "replace"))]}

    found = _last_event_id(scope)

    assert found is not None
    assert found >= 0
    assert found == 0 or value.strip().isascii()


@given(value=st.one_of(GARBAGE, st.integers().map(str), st.text(max_size=40)))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_garbage_since_replays_at_most_the_history(
    value: str, monkeypatch: Any
) -> None:
    """``?since=`` is a stranger's number: never an error, never someone else's."""
    fresh = live.InProcessBus()
    monkeypatch.setattr(live, "_bus", fresh)
    fresh.publish("thread:t", "comment.removed", {"id": 1})
    query = urlencode({"since": value.encode("utf-8", "replace")}).encode()

    missed = _missed("thread:t", {"headers": [], "query_string": query})

    assert all(event.channel == "thread:t" for event in missed)
    assert len(missed) <= 1
