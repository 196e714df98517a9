"""The micro-cache in front of the app: which pages nginx may keep, and purges.

nginx (``deploy/nginx/``) keeps an anonymous reader's HTML page for a few
seconds, so a story that goes viral is rendered a few times a minute instead
of thousands. The app decides what may be kept: ``MicroCacheMiddleware`` marks
a response with ``X-Accel-Expires`` only when it is the same for every
anonymous reader: a GET or HEAD answered 200 with HTML, to a request with no
cookie at all, setting no cookie but a fresh CSRF one. nginx keeps nothing
unmarked. Readers with a session or any of Gazette's own cookies bypass the
cache in nginx; readers with only a CSRF cookie may get the kept page, whose
``Set-Cookie`` gives them the CSRF secret its forms were made with (see
``docs/decisions/0015-production-profile.md``).

A new comment must not wait out the cache: ``pages_purge`` asks each nginx
named in ``GAZETTE_CACHE_PURGE_URLS`` to fetch the page again (its purge
listener always bypasses the cache and stores the fresh copy), once per
language the site speaks, as a background task.
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django_tasks import task

logger = logging.getLogger(__name__)

SHARED_COOKIES = frozenset({settings.CSRF_COOKIE_NAME})
PURGE_TIMEOUT = 5


class MicroCacheMiddleware:
    """Mark responses every anonymous reader may share, for nginx to keep."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        seconds = settings.GAZETTE_MICROCACHE_SECONDS
        if seconds and shareable(request, response):
            response["X-Accel-Expires"] = str(seconds)
        return response


def shareable(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether ``response`` is the page any anonymous reader would get."""
    cache_control = response.get("Cache-Control", "")
    return (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and response.get("Content-Type", "").startswith("text/html")
        and not request.path.startswith(("/admin/", "/django-admin/"))
        and not request.COOKIES
        and set(response.cookies) <= SHARED_COOKIES
        and not any(word in cache_control for word in ("private", "no-store"))
    )


def purging() -> bool:
    """Whether any nginx listens for refreshes: callers skip finding paths if not."""
    return bool(settings.GAZETTE_CACHE_PURGE_URLS)


def pages_purge(paths: Iterable[str]) -> None:
    """Have every nginx fetch ``paths`` again, after this transaction commits."""
    wanted = sorted({path for path in paths if path.startswith("/")})
    if wanted and settings.GAZETTE_CACHE_PURGE_URLS:
        transaction.on_commit(lambda: purge_task.enqueue(wanted))


@task()
def purge_task(paths: list[str]) -> int:
    """Refresh each page in each nginx and language; how many refreshes worked."""
    host = urlsplit(settings.WAGTAILADMIN_BASE_URL).netloc
    done = 0
    for base in settings.GAZETTE_CACHE_PURGE_URLS:
        for path in paths:
            for language, _name in settings.LANGUAGES:
                done += _refresh(base.rstrip("/") + path, host, language)
    return done


def _refresh(url: str, host: str, language: str) -> int:
    request = urllib.request.Request(  # noqa: S310 (our own nginx, from settings)
        url, headers={"Host": host, "Accept-Language": language}
    )
    try:
        with urllib.request.urlopen(request, timeout=PURGE_TIMEOUT) as response:  # noqa: S310
            response.read()
    except (OSError, urllib.error.URLError) as error:
        logger.warning("Could not refresh %s in the micro-cache: %s", url, error)
        return 0
    return 1
