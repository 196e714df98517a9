"""Fixed-window rate limits counted in the cache (shared when it is Redis)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Rate:
    """``count`` actions per ``seconds``; parsed from "5/60"."""

    count: int
    seconds: int

    @classmethod
    def parse(cls, value: str) -> Rate:
        try:
            count, seconds = (int(part) for part in value.split("/"))
        except ValueError:
            raise ImproperlyConfigured(
                f"A rate must look like '5/60' (5 per 60 seconds), not {value!r}."
            ) from None
        if count < 1 or seconds < 1:
            raise ImproperlyConfigured(f"A rate must be positive, not {value!r}.")
        return cls(count, seconds)


class RateLimited(Exception):
    """Too many actions; ``retry_after`` is the number of seconds to wait."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"Too many requests; try again in {retry_after} seconds.")
        self.retry_after = retry_after


def _window(scope: str, key: str, rate: Rate) -> tuple[str, int]:
    """The cache key of the current window, and the seconds until it ends."""
    now = int(time.time())
    window = now // rate.seconds
    return f"ratelimit:{scope}:{key}:{window}", (window + 1) * rate.seconds - now or 1


def _count(cache_key: str, rate: Rate) -> int:
    cache.add(cache_key, 0, timeout=rate.seconds + 1)
    try:
        return int(cache.incr(cache_key))
    except ValueError:  # expired between add and incr: start the window again
        cache.set(cache_key, 1, timeout=rate.seconds + 1)
        return 1


def hit(*, scope: str, key: str, rate: Rate) -> None:
    """Count one action by ``key`` in ``scope``; raise RateLimited past the rate.

    Does nothing when ``GAZETTE_RATELIMIT_ENABLED`` is off.
    """
    if not settings.GAZETTE_RATELIMIT_ENABLED:
        return
    cache_key, retry_after = _window(scope, key, rate)
    if _count(cache_key, rate) > rate.count:
        raise RateLimited(retry_after=retry_after)


def record(*, scope: str, key: str, rate: Rate) -> None:
    """Count one event (a failed sign-in) without refusing anything yet."""
    if settings.GAZETTE_RATELIMIT_ENABLED:
        _count(_window(scope, key, rate)[0], rate)


def check(*, scope: str, key: str, rate: Rate) -> None:
    """Raise RateLimited if ``key`` has used up the rate in this window."""
    if not settings.GAZETTE_RATELIMIT_ENABLED:
        return
    cache_key, retry_after = _window(scope, key, rate)
    if int(cache.get(cache_key, 0)) >= rate.count:
        raise RateLimited(retry_after=retry_after)
