"""With Redis unreachable (a real closed port), the cache and the queue carry on."""

from __future__ import annotations

from typing import Any

import pytest
from django_tasks import task
from django_tasks.base import TaskResultStatus

from gazette.core.resilience import RedisCache, RQBackend

NOWHERE = "redis://127.0.0.1:9/0"  # the discard port: nothing listens


@pytest.fixture
def cache() -> RedisCache:
    return RedisCache(NOWHERE, {"OPTIONS": {"socket_connect_timeout": 0.5}})


def test_reads_miss_and_writes_are_dropped(cache: RedisCache) -> None:
    cache.set("a", 1)

    assert cache.get("a") is None
    assert cache.get("a", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("a", 1) is False
    assert cache.has_key("a") is False
    assert cache.delete("a") is False


def test_a_rate_limit_counter_lets_the_request_through(cache: RedisCache) -> None:
    assert cache.incr("hits", 1) == 1


ran: list[int] = []


@task()
def remember(value: int) -> int:
    ran.append(value)
    return value


def test_a_task_that_cannot_be_queued_runs_at_once(settings: Any) -> None:
    settings.RQ_QUEUES = {"default": {"URL": NOWHERE}}
    backend = RQBackend("default", {"QUEUES": ["default"]})

    result = backend.enqueue(remember, (7,), {})

    assert ran == [7]
    assert result.status == TaskResultStatus.SUCCESSFUL
