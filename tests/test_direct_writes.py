"""The one-hop write path answers exactly as Django's whole handler does.

Each request is sent twice: through ``DirectWrites`` (as the app server runs
it) and through Django's test client (every middleware, ninja, the view). The
status, the body's shape, the error code, the headers the middleware sets and
the cookies must match, and no request may write twice.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator, MutableMapping
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client

from config.direct import DirectWrites, close_connection
from gazette.discussion.models import Comment, Thread
from gazette.discussion.tests import factories
from gazette.moderation.models import Ban
from tests.asgi import Recorder
from tests.stamps import stamp

pytestmark = pytest.mark.django_db(transaction=True)
KEY = "embed-direct"
URL = f"/api/v1/threads/{KEY}/comments"
# What the middleware adds that a reader's browser acts on.
SECURITY_HEADERS = (
    "content-type",
    "x-content-type-options",
    "referrer-policy",
    "cross-origin-opener-policy",
    "x-frame-options",
    "content-language",
    "retry-after",
    "idempotent-replayed",
)


@pytest.fixture(autouse=True)
def _close_write_thread_connection() -> Iterator[None]:
    yield
    close_connection()  # its thread keeps one; the test database is dropped after


class Answer:
    def __init__(
        self, status: int, headers: dict[str, str], cookies: set[str], body: bytes
    ):
        self.status = status
        self.headers = headers
        self.cookies = cookies
        self.body = body

    def json(self) -> Any:
        return json.loads(self.body)


def direct(
    path: str,
    body: bytes,
    *,
    headers: dict[str, str] | None = None,
    method: str = "POST",
    elsewhere: Recorder | None = None,
) -> Answer:
    app = DirectWrites(elsewhere or Recorder(), WSGIHandler())
    sent = {"host": "testserver", "content-type": "application/json"}
    sent.update(headers or {})
    if "content-length" not in sent:
        sent["content-length"] = str(len(body))
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "query_string": b"",
        "http_version": "1.1",
        "scheme": "http",
        "client": ("127.0.0.1", 50123),
        "server": ("testserver", 80),
        "headers": [(k.encode(), v.encode()) for k, v in sent.items()],
    }
    messages: list[MutableMapping[str, Any]] = []
    chunks = [body[:10], body[10:]]

    async def receive() -> dict[str, Any]:
        chunk = chunks.pop(0) if chunks else b""
        return {"type": "http.request", "body": chunk, "more_body": bool(chunks)}

    async def send(message: MutableMapping[str, Any]) -> None:
        messages.append(message)

    asyncio.run(app(scope, receive, send))
    start = messages[0]
    found: dict[str, str] = {}
    cookies: set[str] = set()
    for name, value in start["headers"]:
        if name == b"set-cookie":
            cookies.add(value.decode().split("=", 1)[0].strip())
        else:
            found[name.decode()] = value.decode()
    content = b"".join(m.get("body", b"") for m in messages[1:])
    return Answer(start["status"], found, cookies, content)


def through_django(
    client: Client, path: str, body: bytes, headers: dict[str, str] | None = None
) -> Answer:
    sent = {"content_type": "application/json"}
    extra = {
        f"HTTP_{k.upper().replace('-', '_')}": v for k, v in (headers or {}).items()
    }
    if "content-type" in (headers or {}):
        sent["content_type"] = extra.pop("HTTP_CONTENT_TYPE")
    response = client.post(path, body, **sent, **extra)  # type: ignore[arg-type]
    found = {k.lower(): v for k, v in response.items()}
    return Answer(response.status_code, found, set(response.cookies), response.content)


def both(
    path: str, body: bytes, headers: dict[str, str] | None = None
) -> tuple[Answer, Answer]:
    """The answer of each path, with the comments each wrote counted apart."""
    before = Comment.objects.count()
    fast = direct(path, body, headers=headers)
    after_fast = Comment.objects.count()
    slow = through_django(Client(), path, body, headers)
    after_slow = Comment.objects.count()
    assert after_fast - before == after_slow - after_fast, "the paths wrote differently"
    return fast, slow


def assert_same(fast: Answer, slow: Answer) -> None:
    assert fast.status == slow.status, (fast.body, slow.body)
    for name in SECURITY_HEADERS:
        assert fast.headers.get(name) == slow.headers.get(name), name
    assert set(fast.headers.get("vary", "").split(", ")) == set(
        slow.headers.get("vary", "").split(", ")
    )
    assert fast.cookies == slow.cookies
    fast_data, slow_data = fast.json(), slow.json()
    assert set(fast_data) == set(slow_data)
    if "code" in slow_data:
        assert fast_data["code"] == slow_data["code"]
        assert fast_data.get("errors") == slow_data.get("errors")
        assert fast_data["detail"] == slow_data["detail"]


def comment_body(**fields: Any) -> bytes:
    data = {"text": "A **fair** point.", "author_name": "Ana", "rendered": stamp()}
    data.update(fields)
    return json.dumps(data).encode()


def test_a_good_post_is_answered_as_django_answers_it() -> None:
    fast, slow = both(URL, comment_body())

    assert_same(fast, slow)
    assert fast.status == 201
    assert fast.json()["comment"]["html"] == "<p>A <strong>fair</strong> point.</p>"
    assert {"gazette_mine", "gazette_reader"} <= fast.cookies
    assert int(fast.headers["content-length"]) == len(fast.body)


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        (b"{not json", {}),
        (b"[1, 2]", {}),
        (json.dumps({"author_name": "No text"}).encode(), {}),
        (json.dumps({"text": "x", "author_name": "A", "parent_id": 0}).encode(), {}),
        (json.dumps({"text": "\\ud800", "author_name": "A"}).encode(), {}),
        (comment_body(), {"content-type": "text/plain"}),
        (comment_body(author_name=""), {}),
        (comment_body(author_email="not-an-address"), {}),
        (comment_body(parent_id=99999), {}),
        (comment_body(), {"accept-language": "es"}),
        (comment_body(author_name=""), {"accept-language": "es"}),
        (comment_body(text="You are a stupid idiot and a moron."), {}),
        (b"[" * 60_000, {}),
        (
            json.dumps(
                {"text": "x", "author_name": "A", "anchor": {"a": [[[[[[1]]]]]]}}
            ).encode(),
            {},
        ),
        (comment_body(author_name="A" * 5000, parent_id="12"), {}),
        (comment_body(parent_id=10**30), {}),
        (comment_body(parent_id="\u0663"), {}),
        (comment_body(rendered="\x00" * 150), {}),
        (comment_body(), {"cookie": "sessionid=garbage; gazette_reader=\x01nope"}),
        (comment_body(), {"cookie": "gazette_mine=" + "A" * 3000}),
        (comment_body(), {"x-gazette-reader": "\u00e9" * 300}),
    ],
    ids=[
        "not-json",
        "not-an-object",
        "no-text",
        "parent-zero",
        "lone-surrogate",
        "form-content-type",
        "no-name",
        "bad-email",
        "unknown-parent",
        "spanish",
        "spanish-error",
        "uncivil-nudge",
        "deep-nesting",
        "nested-anchor",
        "long-name-string-parent",
        "huge-parent",
        "unicode-digit-parent",
        "control-stamp",
        "garbage-cookies",
        "huge-cookie",
        "odd-reader-header",
    ],
)
def test_every_kind_of_request_is_answered_the_same(
    body: bytes, headers: dict[str, str]
) -> None:
    assert_same(*both(URL, body, headers))


def test_a_page_key_without_a_page_and_a_bad_key_are_answered_the_same() -> None:
    assert_same(*both("/api/v1/threads/page-424242/comments", comment_body()))
    assert_same(*both("/api/v1/threads/page-0042/comments", comment_body()))


def test_a_restricted_thread_refuses_both_ways() -> None:
    # A thread whose page is not open to everyone (access.py keeps the flag);
    # the private-page tests cover how pages set it.
    Thread.objects.create(key="page-777", restricted=True)

    fast, slow = both("/api/v1/threads/page-777/comments", comment_body())

    assert_same(fast, slow)
    assert fast.status == 404


def test_a_banned_network_is_refused_both_ways() -> None:
    from gazette.core.privacy import hash_ip

    Ban.objects.create(kind=Ban.Kind.IP, value=hash_ip("127.0.0.1"))

    fast, slow = both(URL, comment_body())

    assert_same(fast, slow)
    assert fast.status == 403


def test_the_rate_limit_counts_each_post_once(settings: Any) -> None:
    settings.GAZETTE_RATELIMIT_ENABLED = True
    settings.GAZETTE_RATELIMIT_COMMENTS = "3/60"

    answers = [direct(URL, comment_body(text=f"Point {n}.")).status for n in range(4)]

    assert answers == [201, 201, 201, 429]
    assert Comment.objects.count() == 3
    refused = direct(URL, comment_body(text="One more."))
    assert refused.headers["retry-after"]
    assert refused.json()["code"] == "rate_limited"


def test_a_signed_in_reader_posts_as_themselves(reader: User) -> None:
    client = Client()
    client.force_login(reader)
    session = client.cookies["sessionid"].value

    fast = direct(URL, comment_body(), headers={"cookie": f"sessionid={session}"})

    assert fast.status == 201
    assert Comment.objects.get().user == reader


@pytest.mark.parametrize(
    "headers",
    [
        {"host": "evil.example"},
        {"content-length": "70000"},
        {"content-length": "12x"},
        {"content-length": "-1"},
        {"content-length": "\u0663"},
        {"content-length": "99999999999"},
    ],
)
def test_what_it_cannot_vouch_for_goes_on_to_django(headers: dict[str, str]) -> None:
    elsewhere = Recorder()
    body = comment_body()

    answer = direct(URL, body, headers=headers, elsewhere=elsewhere)

    if headers.get("host"):
        assert answer.status == 400  # Django's own refusal of a foreign host
    else:
        assert elsewhere.calls == [URL]
    assert Comment.objects.count() == 0


def test_other_paths_and_methods_are_not_touched() -> None:
    elsewhere = Recorder()

    direct("/api/v1/counts", b"{}", elsewhere=elsewhere)
    direct(URL, b"", method="GET", elsewhere=elsewhere)

    assert elsewhere.calls == ["/api/v1/counts", URL]


def test_a_vote_runs_through_django_in_one_hop() -> None:
    comment = factories.comment()
    path = f"/api/v1/comments/{comment.pk}/votes"

    fast, slow = both(path, json.dumps({"value": 1}).encode())

    assert fast.status == slow.status == 200
    assert set(fast.json()) == set(slow.json())
    comment.refresh_from_db()
    assert comment.upvotes == 2  # one guest each way, each counted once


def test_a_body_nested_past_the_parser_is_400_on_every_json_endpoint() -> None:
    comment = factories.comment()
    deep = b"[" * 60_000
    client = Client()

    statuses = [
        client.post(f"/api/v1/comments/{comment.pk}/votes", deep, "application/json"),
        client.patch(f"/api/v1/comments/{comment.pk}", deep, "application/json"),
        client.post(f"/api/v1/comments/{comment.pk}/flags", deep, "application/json"),
    ]

    assert [r.status_code for r in statuses] == [400, 400, 400]
    assert direct(f"/api/v1/comments/{comment.pk}/votes", deep).status == 400
