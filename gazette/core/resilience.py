"""Redis may go away; the site stays up.

With ``REDIS_URL`` set, Redis holds the cache, rate limits, live events and
the task queue. None of them holds data that would be lost: comments and
donations are written to the database. So when Redis is unreachable:

- ``RedisCache`` answers every read as a miss and drops every write, so pages
  are rendered from the database (slower, still right); rate limits let
  requests through rather than refuse every reader;
- ``RQBackend`` runs a task that cannot be queued at once, in the request,
  instead of failing a write that has already committed;
- the event bus (``live.bus``) reports itself unhealthy, event streams answer
  503, and the browser polls the thread instead (``live.js``).

Each failure is logged. Everything resumes by itself when Redis returns.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_rq.backend import RQBackend as RQBackendBase
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
T = TypeVar("T")


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


class RQBackend(RQBackendBase):
    """RQ, with tasks run at once while Redis cannot take them."""

    def __init__(self, alias: str, params: dict[str, Any]) -> None:
        super().__init__(alias, params)
        self._now = ImmediateBackend(alias, params)

    def enqueue(self, task: Any, args: Any, kwargs: Any) -> Any:
        try:
            return super().enqueue(task, args, kwargs)
        except RedisError as error:
            logger.warning("Task queue unavailable; running %s now: %s", task, error)
            return self._now.enqueue(task, args, kwargs)
