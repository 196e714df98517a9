"""With Redis unreachable (a real closed port), the cache and the queue carry on."""

from __future__ import annotations

import contextvars
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from redis import Redis

from gazette.core.resilience import RedisCache, RQBackend
from tests.redis_server import redis_server

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


@pytest.mark.django_db(transaction=True)
def test_a_task_redis_cannot_take_waits_in_the_database(settings: Any) -> None:
    settings.RQ_QUEUES = {"default": {"URL": NOWHERE}}
    settings.TASKS = {
        "default": {"BACKEND": "gazette.core.resilience.RQBackend"},
        "fallback": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    backend = RQBackend("default", {"QUEUES": ["default"]})

    result = backend.enqueue(remember, (7,), {})
    waiting = DBTaskResult.objects.get(id=result.id)
    call_command("db_worker", "--backend", "fallback", "--batch", verbosity=0)

    assert waiting.backend_name == "fallback"
    assert result.status == TaskResultStatus.READY
    assert ran == [7]
    assert DBTaskResult.objects.get(id=result.id).status == TaskResultStatus.SUCCESSFUL


def _clients(url: str) -> int:
    """How many connections the Redis server at ``url`` has open now."""
    return len(Redis.from_url(url).client_list()) - 1  # less this one


def test_requests_and_tasks_share_one_pool_of_connections(
    tmp_path: Path, settings: Any
) -> None:
    """Under ASGI each request gets its own cache object, and django-rq a
    client per task; neither may open a connection of its own every time."""
    with redis_server(tmp_path) as url:
        settings.RQ_QUEUES = {"default": {"URL": url}}
        backend = RQBackend("default", {"QUEUES": ["default"]})

        def request(n: int) -> None:
            cache = RedisCache(url, {})  # what caches["default"] is per context
            cache.set(f"key-{n}", n)
            assert cache.get(f"key-{n}") == n
            backend.enqueue(remember, (n,), {})

        for n in range(3):
            contextvars.copy_context().run(request, n)
        opened = _clients(url)
        for n in range(30):
            contextvars.copy_context().run(request, n)

        assert _clients(url) == opened <= 2
        assert Redis.from_url(url).llen("rq:queue:default") == 33
