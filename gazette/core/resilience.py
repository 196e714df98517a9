"""Redis may go away; the site stays up.

With ``REDIS_URL`` set, Redis holds the cache, rate limits, live events and
the task queue. None of them holds data that would be lost: comments and
donations are written to the database. So when Redis is unreachable:

- ``RedisCache`` answers every read as a miss and drops every write, so pages
  are rendered from the database (slower, still right); rate limits let
  requests through rather than refuse every reader;
- ``RQBackend`` puts a task that Redis cannot take on the database queue
  (the ``fallback`` backend, drained by ``manage.py db_worker --backend
  fallback``, which ``manage.py serve`` and the deploy files run beside the RQ
  workers), instead of failing a write that has already committed or running
  the task inside the request;
- the event bus (``live.bus``) reports itself unhealthy, event streams answer
  503, and the browser polls the thread instead (``live.js``).

Each failure is logged. Everything resumes by itself when Redis returns.

Each process keeps one Redis client (and its pool of connections) per server:
Django builds a cache object per request context under ASGI, and django-rq a
client per enqueued task, so each would otherwise open a new connection for
every request that touches Redis.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import django_rq.queues
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.utils.functional import cached_property
from django_rq.connection_utils import get_redis_connection
from django_tasks import task_backends
from django_tasks_rq.backend import RQBackend as RQBackendBase
from redis import Redis
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
T = TypeVar("T")

_clients: dict[str, Any] = {}
_clients_lock = threading.Lock()


def _shared(key: str, make: Callable[[], T]) -> T:
    """The process's one client for ``key``, made on first use."""
    with _clients_lock:
        if key not in _clients:
            _clients[key] = make()
        client: T = _clients[key]
        return client


def _rq_connection(name: str = "default", use_strict_redis: bool = False) -> Redis:
    """django-rq's connection for queue ``name``, shared by the process."""
    from django_rq.settings import QUEUES

    config = QUEUES[name]
    return _shared(
        repr(("rq", sorted(config.items()), use_strict_redis)),
        lambda: get_redis_connection(config, use_strict_redis),
    )


# What django_rq.get_queue() calls for every enqueued task.
django_rq.queues.get_connection = _rq_connection  # type: ignore[attr-defined]


def _tolerant(name: str, fallback: Callable[..., Any]) -> Callable[..., Any]:
    def method(self: DjangoRedisCache, *args: Any, **kwargs: Any) -> Any:
        try:
            return getattr(DjangoRedisCache, name)(self, *args, **kwargs)
        except RedisError as error:
            logger.warning("Cache unavailable (%s): %s", name, error)
            return fallback(*args, **kwargs)

    method.__name__ = name
    return method


class RedisCache(DjangoRedisCache):
    """Django's Redis cache, for which an unreachable Redis is an empty cache."""

    get = _tolerant("get", lambda key, default=None, **kw: default)
    get_many = _tolerant("get_many", lambda keys, **kw: {})
    has_key = _tolerant("has_key", lambda key, **kw: False)
    set = _tolerant("set", lambda *args, **kw: None)
    add = _tolerant("add", lambda *args, **kw: False)
    touch = _tolerant("touch", lambda *args, **kw: False)
    set_many = _tolerant("set_many", lambda data, *args, **kw: list(data))
    delete = _tolerant("delete", lambda *args, **kw: False)
    delete_many = _tolerant("delete_many", lambda *args, **kw: None)
    clear = _tolerant("clear", lambda *args, **kw: False)
    # A rate limit's counter: as if this were the first request of the window.
    incr = _tolerant("incr", lambda key, delta=1, **kw: delta)

    @cached_property
    def _cache(self) -> Any:
        # Django's own attributes, which its type stubs do not declare.
        servers, options = self._servers, self._options  # type: ignore[attr-defined]
        make = self._class  # type: ignore[attr-defined]
        return _shared(
            repr(("cache", servers, sorted(options.items()))),
            lambda: make(servers, **options),
        )


class RQBackend(RQBackendBase):
    """RQ, with tasks queued in the database while Redis cannot take them.

    ``OPTIONS["FALLBACK"]`` names the database backend (default ``fallback``).
    """

    def __init__(self, alias: str, params: dict[str, Any]) -> None:
        super().__init__(alias, params)
        self.fallback = str(params.get("OPTIONS", {}).get("FALLBACK", "fallback"))

    def enqueue(self, task: Any, args: Any, kwargs: Any) -> Any:
        try:
            return super().enqueue(task, args, kwargs)
        except RedisError as error:
            logger.warning(
                "Task queue unavailable; %s waits in the database queue: %s",
                task,
                error,
            )
            return task_backends[self.fallback].enqueue(task, args, kwargs)
