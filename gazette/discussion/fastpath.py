"""ASGI fast path for the two reads that embeds hammer: thread JSON and counts.

Django's request cycle costs milliseconds; a cached thread is just bytes. This
layer answers ``GET /api/v1/threads/<key>/comments`` from the bytes the API
view cached (keyed by the thread's version, which every write bumps) and
``GET /api/v1/counts`` with one query. It handles only requests it fully
understands; anything else, and every cache miss, goes on to Django, which
validates, renders, caches and reports errors.

Its answers are the same for every reader (a thread that is not open to all
goes on to Django), so it marks them for nginx to keep for
``GAZETTE_API_MICROCACHE_SECONDS``.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar
from urllib.parse import parse_qs

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection

from gazette.core.numbers import parse_int
from gazette.discussion import keys, selectors
from gazette.discussion.models import Thread

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[..., Awaitable[None]]
T = TypeVar("T")

THREAD_PATH = re.compile(r"/api/v1/threads/(?P<key>.{1,255})/comments")
MAX_LIMIT = 1000
HEADERS = [
    (b"content-type", b"application/json"),
    (b"x-content-type-options", b"nosniff"),
    (b"cache-control", b"no-cache"),
]


def digest_key(prefix: str, *parts: object) -> str:
    """A cache key for reader-supplied parts (any characters, any length)."""
    joined = "\0".join(str(part) for part in parts).encode()
    return f"{prefix}:{hashlib.sha256(joined).hexdigest()}"


def thread_cache_key(
    key: str, version: int, sort: str, cursor: str, limit: int, only: str = ""
) -> str:
    """Where the API view stores a rendered page of a thread (``only``: filter)."""
    return digest_key("thread-json", key, version, sort, cursor, limit, only)


def _single(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name)
    if values is None:
        return None
    return values[0] if len(values) == 1 else "\x00"  # repeated: let Django decide


# Plain SQL: compiling the equivalent ORM query costs more than running it.
_TABLE = Thread._meta.db_table
_KEY = connection.ops.quote_name("key")


def _query(sql: str, params: list[str]) -> list[tuple[Any, ...]]:
    """Run one read on this thread's connection, kept open between requests.

    Django's request cycle reconnects for every request (CONN_MAX_AGE=0),
    which costs more than the query; a broken connection is replaced once.
    """
    for attempt in (1, 2):
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return list(cursor.fetchall())
        except DatabaseError:
            connection.close()
            if attempt == 2:
                raise
    return []


def _cached_thread(key: str, sort: str, cursor: str, limit: int) -> bytes | None:
    if not keys.is_valid(key):
        return None
    rows = _query(
        f"SELECT version, restricted FROM {_TABLE} WHERE {_KEY} = %s",  # noqa: S608
        [key],
    )
    if rows and rows[0][1]:
        return None  # the page is not open to all: Django asks who is reading
    if not rows and keys.page_id_of(key) is not None:
        return None  # no thread yet: Django checks that the page is open
    version = rows[0][0] if rows else 0
    body: bytes | None = cache.get(thread_cache_key(key, version, sort, cursor, limit))
    return body


def _counts(thread_keys: list[str]) -> dict[str, int]:
    wanted = list(dict.fromkeys(thread_keys))
    marks = ", ".join(["%s"] * len(wanted))
    sql = (
        f"SELECT {_KEY}, comment_count FROM {_TABLE} "  # noqa: S608
        f"WHERE {_KEY} IN ({marks}) AND NOT restricted"
    )
    found = dict(_query(sql, wanted))
    return {key: found.get(key, 0) for key in wanted}


# One thread per process runs the fast path's reads and keeps its own database
# connection; a plain executor hop costs a fraction of asgiref's sync_to_async.
_DB_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gazette-fast-reads")


def close_connection() -> None:
    """Close the fast path's database connection (tests, and before a fork)."""
    # The lambda looks the connection up inside the fast path's own thread.
    _DB_THREAD.submit(lambda: connection.close()).result()


async def _in_db_thread(function: Callable[..., T], *args: Any) -> T:
    return await asyncio.get_running_loop().run_in_executor(
        _DB_THREAD, functools.partial(function, *args)
    )


class FastReads:
    """Wraps the Django ASGI application."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            body = await self._answer(scope)
            if body is not None:
                headers = [*HEADERS, (b"content-length", str(len(body)).encode())]
                if seconds := settings.GAZETTE_API_MICROCACHE_SECONDS:
                    # The same bytes for every reader: nginx may keep them.
                    headers.append((b"x-accel-expires", str(seconds).encode()))
                await send(
                    {"type": "http.response.start", "status": 200, "headers": headers}
                )
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)

    async def _answer(self, scope: Scope) -> bytes | None:
        path: str = scope["path"]
        if not path.startswith("/api/v1/"):
            return None
        params = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        if path == "/api/v1/counts":
            return await self._counts(params)
        match = THREAD_PATH.fullmatch(path)
        if match is None or not keys.is_valid(match["key"]):
            return None
        return await self._thread(match["key"], params)

    async def _thread(self, key: str, params: dict[str, list[str]]) -> bytes | None:
        if set(params) - {"sort", "cursor", "limit"}:
            return None
        sort = _single(params, "sort") or selectors.DEFAULT_SORT
        cursor = _single(params, "cursor") or ""
        raw_limit = _single(params, "limit")
        if sort not in selectors.SORTS or "\x00" in cursor:
            return None
        if raw_limit is None:
            limit = settings.GAZETTE_COMMENTS_PER_PAGE
        elif found := parse_int(raw_limit, minimum=1, maximum=MAX_LIMIT):
            limit = found
        else:
            return None
        return await _in_db_thread(_cached_thread, key, sort, cursor, limit)

    async def _counts(self, params: dict[str, list[str]]) -> bytes | None:
        raw = _single(params, "keys")
        if set(params) != {"keys"} or not raw or "\x00" in raw:
            return None
        wanted = [k for k in raw.split(",") if k]
        if not 1 <= len(wanted) <= 100 or not all(map(keys.is_valid, wanted)):
            return None
        counts = await _in_db_thread(_counts, wanted)
        return json.dumps({"counts": counts}, ensure_ascii=False).encode()
