"""The Redis bus, against a real Redis server."""

from __future__ import annotations

import asyncio

from gazette.live import bus as live


def test_the_first_reader_of_a_fresh_process_hears_what_is_published_at_once(
    redis_url: str,
) -> None:
    """The stream opens only once the process's subscription is in place."""
    fresh = live.RedisBus(redis_url)

    async def first_reader() -> live.Event:
        async with fresh.subscribe("thread:fresh") as queue:
            live.RedisBus(redis_url).publish("thread:fresh", "comment.new", {"id": 7})
            return await asyncio.wait_for(queue.get(), timeout=5)

    event = asyncio.run(first_reader())
    assert (event.kind, event.data) == ("comment.new", {"id": 7})


def test_a_stream_on_a_bus_that_cannot_reach_redis_opens_and_says_so() -> None:
    """No Redis: the wait gives up, and the stream reports it unhealthy."""
    unreachable = live.RedisBus("redis://127.0.0.1:1/0")
    unreachable.SUBSCRIBE_WAIT = 0.5

    async def reader() -> bool:
        async with unreachable.subscribe("thread:nowhere"):
            await asyncio.sleep(0.1)
            return unreachable.healthy()

    assert asyncio.run(reader()) is False
