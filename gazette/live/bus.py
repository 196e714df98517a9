"""The event bus: publish from any thread, listen from the ASGI event loop.

Two backends, one interface. ``InProcessBus`` serves one app-server process;
``RedisBus`` (chosen when ``REDIS_URL`` is set) carries events between
processes and machines with Redis pub/sub. Each process keeps one Redis
subscription and fans events out to its own listeners, so a thousand open
streams cost one Redis connection, not a thousand.

Every event gets an id that grows per channel, and the last
``GAZETTE_LIVE_HISTORY`` events of each channel are kept, so a reader who
reconnects with ``Last-Event-ID`` receives what they missed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
import time
from collections import defaultdict, deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    """One change on a channel (``thread:<key>`` or ``drive:<slug>``)."""

    channel: str
    id: int
    kind: str
    data: dict[str, Any]
    # When it was published, in milliseconds since the epoch: a page made at
    # a known moment asks only for what happened after it.
    at: int = 0

    def to_json(self) -> str:
        value = {"channel": self.channel, "id": self.id, "kind": self.kind}
        return json.dumps(
            {**value, "at": self.at, "data": self.data}, cls=DjangoJSONEncoder
        )

    @classmethod
    def from_json(cls, raw: str | bytes) -> Event:
        value = json.loads(raw)
        return cls(
            value["channel"],
            int(value["id"]),
            value["kind"],
            value["data"],
            int(value.get("at", 0)),
        )


def now_ms() -> int:
    """The clock as events carry it."""
    return time.time_ns() // 10**6


class EventBus(Protocol):
    def publish(self, channel: str, kind: str, data: dict[str, Any]) -> Event: ...

    def since(self, channel: str, last_id: int) -> list[Event]: ...

    def subscribe(self, channel: str) -> Any: ...

    def healthy(self) -> bool: ...


class _Listeners:
    """Queues of the streams open in this process, per channel."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queues: dict[
            str, set[tuple[asyncio.AbstractEventLoop, asyncio.Queue[Event]]]
        ] = defaultdict(set)

    def add(self, channel: str, queue: asyncio.Queue[Event]) -> None:
        with self._lock:
            self._queues[channel].add((asyncio.get_running_loop(), queue))

    def remove(self, channel: str, queue: asyncio.Queue[Event]) -> None:
        with self._lock:
            found = self._queues.get(channel, set())
            found.discard((asyncio.get_running_loop(), queue))
            if not found:
                self._queues.pop(channel, None)

    def deliver(self, event: Event) -> None:
        with self._lock:
            targets = list(self._queues.get(event.channel, ()))
        for loop, queue in targets:
            loop.call_soon_threadsafe(queue.put_nowait, event)

    @asynccontextmanager
    async def listening(self, channel: str) -> AsyncIterator[asyncio.Queue[Event]]:
        """A queue that receives the channel's events while the block runs."""
        queue: asyncio.Queue[Event] = asyncio.Queue()
        self.add(channel, queue)
        try:
            yield queue
        finally:
            self.remove(channel, queue)

    def count(self) -> int:
        with self._lock:
            return sum(len(q) for q in self._queues.values())


class InProcessBus:
    """Events stay inside this process: one app server, no Redis."""

    def healthy(self) -> bool:
        return True

    def __init__(self) -> None:
        self.listeners = _Listeners()
        self._lock = threading.Lock()
        self._ids: dict[str, int] = defaultdict(int)
        self._history: dict[str, deque[Event]] = defaultdict(
            lambda: deque(maxlen=settings.GAZETTE_LIVE_HISTORY)
        )

    def publish(self, channel: str, kind: str, data: dict[str, Any]) -> Event:
        with self._lock:
            # Ids start from the clock, so they keep growing across restarts
            # and a reader's Last-Event-ID from before one still means "older".
            at = now_ms()
            self._ids[channel] = max(self._ids[channel] + 1, at)
            event = Event(channel, self._ids[channel], kind, data, at)
            self._history[channel].append(event)
        self.listeners.deliver(event)
        return event

    def since(self, channel: str, last_id: int) -> list[Event]:
        with self._lock:
            return [e for e in self._history.get(channel, ()) if e.id > last_id]

    def subscribe(self, channel: str) -> Any:
        return self.listeners.listening(channel)


class RedisBus:
    """Events through Redis: published by any process, heard by every process."""

    PREFIX = "gazette:live:"
    SUBSCRIBE_WAIT = 2.0  # seconds a stream waits for the relay's subscription

    def __init__(self, url: str | None = None) -> None:
        import redis

        self.url = url or settings.REDIS_URL
        self.redis = redis.Redis.from_url(self.url)
        self.listeners = _Listeners()
        self._relay_lock = threading.Lock()
        self._relays: dict[asyncio.AbstractEventLoop, asyncio.Task[None]] = {}
        self._subscribed: dict[asyncio.AbstractEventLoop, asyncio.Event] = {}
        self._healthy = True

    def publish(self, channel: str, kind: str, data: dict[str, Any]) -> Event:
        key = self.PREFIX + channel
        seq = int(self.redis.incr(key + ":seq"))
        event = Event(channel, seq, kind, data, now_ms())
        raw = event.to_json()
        pipe = self.redis.pipeline()
        pipe.lpush(key + ":history", raw)
        pipe.ltrim(key + ":history", 0, settings.GAZETTE_LIVE_HISTORY - 1)
        pipe.expire(key + ":history", 24 * 3600)
        pipe.expire(key + ":seq", 30 * 24 * 3600)
        pipe.publish(key, raw)
        pipe.execute()
        return event

    def since(self, channel: str, last_id: int) -> list[Event]:
        raws = self.redis.lrange(self.PREFIX + channel + ":history", 0, -1)
        events = [Event.from_json(raw) for raw in reversed(raws)]
        return [e for e in events if e.id > last_id]

    async def _relay(self, subscribed: asyncio.Event) -> None:
        """This process's one subscription: fan every event out locally."""
        import redis.asyncio as aioredis

        while True:
            client = aioredis.Redis.from_url(self.url)
            try:
                pubsub = client.pubsub()
                await pubsub.psubscribe(self.PREFIX + "*")
                self._healthy = True
                subscribed.set()
                async for message in pubsub.listen():
                    if message.get("type") == "pmessage":
                        self.listeners.deliver(Event.from_json(message["data"]))
            except asyncio.CancelledError:
                raise
            except Exception:
                self._healthy = False
                logger.warning("Live updates lost Redis; retrying", exc_info=True)
                await asyncio.sleep(1)
            finally:
                await client.aclose()

    def _ensure_relay(self) -> asyncio.Event:
        loop = asyncio.get_running_loop()
        with self._relay_lock:
            task = self._relays.get(loop)
            if task is None or task.done():
                subscribed = self._subscribed[loop] = asyncio.Event()
                self._relays[loop] = loop.create_task(self._relay(subscribed))
            return self._subscribed[loop]

    @asynccontextmanager
    async def subscribe(self, channel: str) -> AsyncIterator[asyncio.Queue[Event]]:
        """Listen once this process's Redis subscription is in place.

        The first reader on a fresh app server would otherwise miss what is
        published while the relay is still subscribing: it has read the
        history already, and Redis does not keep what nobody heard. While
        Redis is away the wait gives up after ``SUBSCRIBE_WAIT`` seconds and
        ``healthy()`` says so.
        """
        subscribed = self._ensure_relay()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(subscribed.wait(), self.SUBSCRIBE_WAIT)
        async with self.listeners.listening(channel) as queue:
            yield queue

    def healthy(self) -> bool:
        """False while this process's subscription has lost Redis."""
        return self._healthy


_bus: EventBus | None = None
_bus_lock = threading.Lock()


def bus() -> EventBus:
    """The process's bus: Redis when ``REDIS_URL`` is set, else in-process."""
    global _bus
    with _bus_lock:
        if _bus is None:
            _bus = RedisBus() if settings.REDIS_URL else InProcessBus()
        return _bus


def publish(channel: str, kind: str, data: dict[str, Any]) -> Event | None:
    """Publish, never failing the caller: live updates are a nicety."""
    try:
        return bus().publish(channel, kind, data)
    except Exception:
        logger.warning("Could not publish %s on %s", kind, channel, exc_info=True)
        return None
