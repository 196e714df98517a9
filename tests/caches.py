"""Emptying the cache between tests without emptying Redis.

With ``REDIS_URL`` set, the cache shares its Redis database with the RQ task
queue that a browser-test server's worker reads; ``cache.clear()`` would flush
the queue too. So only the cache's own keys (``KEY_PREFIX``) are deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache


def clear_cache() -> None:
    from gazette.readers.names import forget_staff

    forget_staff()  # the in-process copy of staff names
    if not settings.REDIS_URL:
        cache.clear()
        return
    client = cache._cache.get_client(write=True)  # type: ignore[attr-defined]
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "")
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)
