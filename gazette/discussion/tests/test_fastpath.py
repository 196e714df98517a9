"""The ASGI fast path serves exactly what Django would, and never a stale thread."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator, MutableMapping
from typing import Any

import pytest
from django.test import Client

from gazette.discussion.fastpath import FastReads, close_connection
from gazette.discussion.models import Thread
from gazette.discussion.tests import factories
from tests.asgi import Recorder

pytestmark = pytest.mark.django_db(transaction=True)
KEY = "embed-test-thread"


@pytest.fixture(autouse=True)
def _close_fast_path_connection() -> Iterator[None]:
    # Its thread keeps a connection; let the test database be dropped at the end.
    yield
    close_connection()


def _get(path: str, query: str = "") -> tuple[int, bytes, Recorder]:
    messages, django = _run(path, query)
    body = b"".join(
        m.get("body", b"") for m in messages if m["type"] == "http.response.body"
    )
    return messages[0]["status"], body, django


def _run(path: str, query: str = "") -> tuple[list[MutableMapping[str, Any]], Recorder]:
    django = Recorder()
    app = FastReads(django)
    messages: list[MutableMapping[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: MutableMapping[str, Any]) -> None:
        messages.append(message)

    scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "query_string": query.encode(),
    }
    asyncio.run(app(scope, receive, send))
    return messages, django


def test_a_cached_thread_is_served_byte_for_byte(client: Client) -> None:
    factories.comment(text="Cached")
    url = f"/api/v1/threads/{KEY}/comments"
    from_django = client.get(url, {"sort": "oldest", "limit": "5"}).content

    status, body, django = _get(url, "sort=oldest&limit=5")

    assert status == 200
    assert body == from_django
    assert django.calls == []


def test_its_answers_are_marked_for_nginx_to_keep(
    client: Client, settings: Any
) -> None:
    """The same bytes for everyone: nginx may keep them a second (the setting)."""
    factories.comment()
    url = f"/api/v1/threads/{KEY}/comments"
    rendered = client.get(url)  # Django renders and caches; it marks nothing
    assert rendered.status_code == 200
    assert "X-Accel-Expires" not in rendered

    def marked() -> list[bytes]:
        messages, _django = _run(url)
        return [v for k, v in messages[0]["headers"] if k == b"x-accel-expires"]

    assert marked() == [b"1"]
    settings.GAZETTE_API_MICROCACHE_SECONDS = 0
    assert marked() == []


def test_a_thread_not_open_to_all_is_never_served_or_marked(client: Client) -> None:
    """Its bytes may be in the cache; only Django may say who reads them."""
    factories.comment()
    url = f"/api/v1/threads/{KEY}/comments"
    assert client.get(url).status_code == 200  # cached while it was public
    Thread.objects.filter(key=KEY).update(restricted=True)  # the page went private

    messages, django = _run(url)

    assert django.calls == [url]
    assert all(k != b"x-accel-expires" for k, _v in messages[0]["headers"])


def test_a_miss_goes_to_django(client: Client) -> None:
    factories.comment()

    _status, body, django = _get(f"/api/v1/threads/{KEY}/comments")

    assert body == b"django"
    assert django.calls == [f"/api/v1/threads/{KEY}/comments"]


def test_a_write_makes_the_cached_bytes_unreachable(client: Client) -> None:
    factories.comment(text="Before")
    url = f"/api/v1/threads/{KEY}/comments"
    client.get(url)

    factories.comment(text="After")
    _status, body, django = _get(url)

    assert body == b"django"  # the old page is not served
    assert len(django.calls) == 1
    fresh = client.get(url).json()
    assert [c["html"] for c in fresh["comments"]] == ["<p>After</p>", "<p>Before</p>"]


@pytest.mark.parametrize(
    "query",
    [
        "sort=sideways",
        "limit=0",
        "limit=5000",
        "limit=x",
        "sort=newest&sort=oldest",
        "page=2",
    ],
)
def test_anything_unusual_goes_to_django(client: Client, query: str) -> None:
    factories.comment()
    client.get(f"/api/v1/threads/{KEY}/comments")

    _status, body, _django = _get(f"/api/v1/threads/{KEY}/comments", query)

    assert body == b"django"


def test_counts_are_answered_with_one_query() -> None:
    factories.comment()
    factories.comment(thread_key="other")

    status, body, django = _get("/api/v1/counts", f"keys={KEY},other,unused")

    assert status == 200
    assert json.loads(body) == {"counts": {KEY: 1, "other": 1, "unused": 0}}
    assert django.calls == []


@pytest.mark.parametrize(
    "query", ["", "keys=", "keys=a&x=1", "keys=" + ",".join(["k"] * 101)]
)
def test_bad_counts_go_to_django(query: str) -> None:
    _status, body, _django = _get("/api/v1/counts", query)

    assert body == b"django"


def test_other_paths_and_methods_go_to_django() -> None:
    for path in ("/", "/api/v1/openapi.json", "/api/v1/comments/1"):
        assert _get(path)[1] == b"django"
