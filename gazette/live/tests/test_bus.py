"""The bus and the event stream, in one process."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import MutableMapping
from typing import Any

import pytest
from django.test import Client

from gazette.live import bus as live
from gazette.live.sse import LiveEvents, channel_for, frame
from tests.stamps import stamp


@pytest.fixture
def fresh_bus(settings: Any) -> live.InProcessBus:
    settings.REDIS_URL = ""
    live._bus = live.InProcessBus()
    return live._bus


def test_events_reach_listeners_from_other_threads(
    fresh_bus: live.InProcessBus,
) -> None:
    async def listen() -> live.Event:
        async with fresh_bus.subscribe("thread:a") as queue:
            publisher = threading.Thread(
                target=fresh_bus.publish, args=("thread:a", "comment.new", {"id": 7})
            )
            publisher.start()
            return await asyncio.wait_for(queue.get(), timeout=5)

    event = asyncio.run(listen())

    assert (event.kind, event.data) == ("comment.new", {"id": 7})
    assert fresh_bus.listeners.count() == 0


def test_history_replays_what_a_reader_missed(fresh_bus: live.InProcessBus) -> None:
    first = fresh_bus.publish("drive:x", "drive.totals", {"n": 1})
    second = fresh_bus.publish("drive:x", "drive.totals", {"n": 2})
    fresh_bus.publish("drive:other", "drive.totals", {"n": 3})

    assert second.id > first.id
    assert [e.data for e in fresh_bus.since("drive:x", first.id)] == [{"n": 2}]
    assert len(fresh_bus.since("drive:x", 0)) == 2


@pytest.mark.parametrize(
    ("path", "channel"),
    [
        ("/api/v1/threads/page-12/events", "thread:page-12"),
        ("/api/v1/threads/%2Fblog%2Fpost%2F/events", "thread:/blog/post/"),
        ("/api/v1/drives/harbour-desk/events", "drive:harbour-desk"),
        ("/api/v1/threads/page-12/comments", None),
        ("/api/v1/drives/bad slug/events", None),
        ("/api/v1/threads/" + "k" * 300 + "/events", None),
    ],
)
def test_event_paths(path: str, channel: str | None) -> None:
    assert channel_for(path) == channel


def _stream(path: str, headers: list[tuple[bytes, bytes]], until: int) -> bytes:
    """Open an event stream on the real ASGI app; read until ``until`` frames."""
    sent: list[bytes] = []
    done = asyncio.Event()

    async def run() -> None:
        async def receive() -> MutableMapping[str, Any]:
            await done.wait()
            return {"type": "http.disconnect"}

        async def send(message: MutableMapping[str, Any]) -> None:
            sent.append(message.get("body", b""))
            if sum(body.count(b"\n\n") for body in sent) >= until:
                done.set()

        async def nothing(*args: Any) -> None:
            raise AssertionError("not an event stream")

        route, _, query = path.partition("?")
        scope = {
            "type": "http",
            "method": "GET",
            "path": route,
            "query_string": query.encode(),
            "headers": headers,
        }
        await asyncio.wait_for(LiveEvents(nothing)(scope, receive, send), timeout=10)

    asyncio.run(run())
    return b"".join(sent)


def test_a_reconnecting_reader_resumes_after_last_event_id(
    fresh_bus: live.InProcessBus,
) -> None:
    seen = fresh_bus.publish("thread:t", "comment.new", {"id": 1})
    fresh_bus.publish("thread:t", "comment.new", {"id": 2})

    body = _stream(
        "/api/v1/threads/t/events", [(b"last-event-id", str(seen.id).encode())], 2
    )

    assert body.startswith(b"retry: 3000\n\n")
    assert b'"data": {"id": 2}' in body
    assert b'"data": {"id": 1}' not in body


def test_a_fresh_page_gets_only_what_happened_after_it_was_rendered(
    fresh_bus: live.InProcessBus,
) -> None:
    """An old "removed" must not blank a comment reinstated since."""
    fresh_bus.publish("thread:t", "comment.removed", {"id": 1})
    rendered = live.now_ms()
    time.sleep(0.002)
    fresh_bus.publish("thread:t", "comment.new", {"id": 2})

    body = _stream(f"/api/v1/threads/t/events?since={rendered}", [], 2)

    assert b'"data": {"id": 2}' in body
    assert b"comment.removed" not in body


@pytest.mark.parametrize(
    "query", ["", "since=", "since=soon", "since=-5", "since=1e99", "since=%00"]
)
def test_a_stream_without_a_moment_or_last_event_replays_nothing(
    fresh_bus: live.InProcessBus, settings: Any, query: str
) -> None:
    settings.GAZETTE_LIVE_HEARTBEAT = 0.05
    fresh_bus.publish("thread:t", "comment.removed", {"id": 1})

    body = _stream(f"/api/v1/threads/t/events?{query}", [], 2)

    assert body.startswith(b"retry: 3000\n\n")
    assert b"comment.removed" not in body


def test_idle_streams_get_heartbeats(
    fresh_bus: live.InProcessBus, settings: Any
) -> None:
    settings.GAZETTE_LIVE_HEARTBEAT = 0.05

    body = _stream("/api/v1/drives/quiet/events", [], 3)

    assert body.count(b": ping\n\n") >= 2


@pytest.mark.django_db
def test_posting_and_voting_publish_on_the_thread(
    fresh_bus: live.InProcessBus,
    client: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        posted = client.post(
            "/api/v1/threads/live-test/comments",
            {
                "text": "Live from the harbour.",
                "author_name": "Ana",
                "rendered": stamp(),
            },
            content_type="application/json",
        ).json()["comment"]
        client.post(
            f"/api/v1/comments/{posted['id']}/votes",
            {"value": 1},
            content_type="application/json",
        )

    events = fresh_bus.since("thread:live-test", 0)
    assert [(e.kind, e.data["id"]) for e in events] == [
        ("comment.new", posted["id"]),
        ("votes", posted["id"]),
    ]
    assert events[1].data["upvotes"] == 1


@pytest.mark.django_db
def test_a_gift_publishes_the_drive_totals_in_every_language(
    fresh_bus: live.InProcessBus, django_capture_on_commit_callbacks: Any
) -> None:
    from gazette.funding.tests import factories

    drive = factories.drive()
    with django_capture_on_commit_callbacks(execute=True):
        factories.gift(drive, "3250")

    [event] = fresh_bus.since("drive:harbour-desk", 0)
    assert event.kind == "drive.totals"
    assert event.data["raised"] == {"USD": "3250.00"}
    assert event.data["shown"]["en"]["raised"] == "$3,250"
    assert event.data["shown"]["es"]["donors_text"] == "1 donante"
    assert b"event: drive.totals" in frame(event)
