"""Server-Sent Events at the ASGI layer: one coroutine per open stream.

``GET /api/v1/threads/<key>/events`` streams a thread's new, edited and
removed comments and vote totals; ``GET /api/v1/drives/<slug>/events`` a
drive's totals. Streams never enter Django's thread pool, so a thousand
readers hold a thousand small coroutines, not a thousand threads. A reader
who reconnects with ``Last-Event-ID`` first gets what they missed, and a page
that opens its first stream with ``?since=<ms>`` (the moment it was rendered)
gets what happened after that moment and nothing older; a comment
line every ``GAZETTE_LIVE_HEARTBEAT`` seconds keeps proxies from closing an
idle stream.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qs, unquote

from django.conf import settings
from django.utils.module_loading import import_string

from gazette.core.numbers import MAX_ID, parse_int
from gazette.live.bus import Event, bus

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

logger = logging.getLogger(__name__)

ROUTES = [
    (re.compile(r"^/api/v1/threads/(?P<name>[^/]{1,765})/events$"), "thread"),
    (re.compile(r"^/api/v1/drives/(?P<name>[-a-zA-Z0-9_]{1,100})/events$"), "drive"),
]
HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-cache"),
    (b"x-accel-buffering", b"no"),
]


def channel_for(path: str) -> str | None:
    """``thread:<key>`` or ``drive:<slug>`` for an events path, else None."""
    for pattern, kind in ROUTES:
        match = pattern.match(path)
        if match:
            name = unquote(match["name"])
            if 0 < len(name) <= 255:
                return f"{kind}:{name}"
    return None


def frame(event: Event) -> bytes:
    return f"id: {event.id}\nevent: {event.kind}\ndata: {event.to_json()}\n\n".encode()


MAX_MS = 2**53  # any moment a browser's clock can name


def _last_event_id(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"last-event-id":
            text = value.decode("latin-1").strip()
            return parse_int(text, minimum=0, maximum=MAX_ID) or 0
    return None


def _missed(channel: str, scope: Scope) -> list[Event]:
    """The history this stream starts with.

    A reconnecting browser names the last event it had (``Last-Event-ID``); a
    page opening its first stream names the moment it was rendered
    (``?since=``), so it replays nothing older than what it shows — an old
    "removed" must not blank a comment reinstated since. Neither: none.
    """
    last = _last_event_id(scope)
    if last is not None:
        return bus().since(channel, last)
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    since = parse_int((query.get("since") or [""])[0], minimum=0, maximum=MAX_MS)
    if since is None:
        return []
    return [event for event in bus().since(channel, 0) if event.at > since]


@functools.cache
def _guard(path: str) -> Callable[[str], bool]:
    guard: Callable[[str], bool] = import_string(path)
    return guard


async def _json_error(
    send: Send, status: int, detail: str, code: str, *extra: tuple[bytes, bytes]
) -> None:
    body = json.dumps({"detail": detail, "code": code}).encode()
    headers = [(b"content-type", b"application/json"), *extra]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _refuse(send: Send) -> None:
    """404: the channel names nothing this reader may follow."""
    await _json_error(send, 404, "There is no such thread.", "not_found")


async def _stream(channel: str, scope: Scope, receive: Receive, send: Send) -> None:
    guard_path = settings.GAZETTE_LIVE_CHANNEL_GUARD
    if guard_path and not await asyncio.to_thread(_guard(guard_path), channel):
        await _refuse(send)
        return
    disconnected = asyncio.ensure_future(_wait_for_disconnect(receive))
    try:
        async with bus().subscribe(channel) as queue:
            try:
                if not bus().healthy():
                    raise ConnectionError("the event bus has lost Redis")
                missed = await asyncio.to_thread(_missed, channel, scope)
                last = max((event.id for event in missed), default=0)
            except Exception:  # Redis is down: the browser polls instead
                logger.warning("Live updates unavailable", exc_info=True)
                await _unavailable(send)
                return
            await send(
                {"type": "http.response.start", "status": 200, "headers": HEADERS}
            )
            # Tell the browser how soon to reconnect; open the stream at once.
            await _send(send, b"retry: 3000\n\n")
            for event in missed:
                await _send(send, frame(event))
            while not disconnected.done():
                getting = asyncio.ensure_future(queue.get())
                await asyncio.wait(
                    {getting, disconnected},
                    timeout=settings.GAZETTE_LIVE_HEARTBEAT,
                    return_when=asyncio.FIRST_COMPLETED,
                )
                if not getting.done():
                    getting.cancel()
                    if not bus().healthy():
                        break  # events would not come: end, so the browser polls
                    if not disconnected.done():
                        await _send(send, b": ping\n\n")
                    continue
                event = getting.result()
                if event.id > last:  # not already sent from the history
                    last = event.id
                    await _send(send, frame(event))
            await send({"type": "http.response.body", "body": b"", "more_body": False})
    except OSError:
        pass  # the reader went away mid-write
    finally:
        disconnected.cancel()


async def _unavailable(send: Send) -> None:
    """503: an EventSource stops reconnecting, and live.js falls back to polling."""
    await _json_error(
        send,
        503,
        "Live updates are unavailable for a moment.",
        "unavailable",
        (b"retry-after", b"30"),
        (b"cache-control", b"no-cache"),
    )


async def _send(send: Send, body: bytes) -> None:
    await send({"type": "http.response.body", "body": body, "more_body": True})


async def _wait_for_disconnect(receive: Receive) -> None:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return


class LiveEvents:
    """ASGI middleware: serve event streams, pass everything else on."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            channel = channel_for(scope["path"])
            if channel is not None:
                await _stream(channel, scope, receive, send)
                return
        await self.app(scope, receive, send)
