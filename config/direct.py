"""Small writes in one hop: the comment and vote posts embeds send.

a2wsgi moves every request between the event loop and its threads several
times (the body in pieces, the start of the response, the response in pieces),
and each hand-off waits for the other side to be scheduled. For the writes
readers send most, whose bodies are small and whose answers are a few hundred
bytes of JSON, ``DirectWrites`` reads the whole body first, runs it on a thread
of its own (with its own database connection) and sends the answer back in one
piece. Other paths, and a body without a length or past ``MAX_BODY``, go on
unchanged.

A vote runs Django's whole handler. A comment post, the hottest write, runs
the parts of it that act on such a request, in Django's order and with
Django's own classes: the HTTPS redirect and host check, the session and the
signed-in user, the reader's language, the API's body parser and schema, the
very view and error handlers the API uses, and the middleware's response
headers. A request that any skipped part would act on (one that does not
parse, or that names no thread) goes to Django instead, untouched: nothing has
happened yet when that is decided. ``tests/test_direct_writes.py`` posts each
kind of request both ways and compares the answers.
"""

from __future__ import annotations

import asyncio
import io
import re
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, cast

from a2wsgi.wsgi import build_environ
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.core import signals
from django.core.exceptions import DisallowedHost
from django.core.handlers.exception import response_for_exception
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.locale import LocaleMiddleware
from django.middleware.security import SecurityMiddleware
from pydantic import ValidationError

from config.api import api, domain_error, rate_limited
from gazette.core.errors import DomainError
from gazette.core.ratelimit import RateLimited
from gazette.core.unavailable import DatabaseUnavailableMiddleware
from gazette.discussion import keys
from gazette.discussion.api import comment_post
from gazette.discussion.schemas import CommentIn
from gazette.readers.frame import FrameSessionMiddleware

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
Answer = tuple[int, list[tuple[bytes, bytes]], bytes]

COMMENTS = re.compile(r"/api/v1/threads/(?P<key>.{1,255})/comments")
VOTES = re.compile(r"/api/v1/comments/\d{1,19}/votes")
MAX_BODY = 64 * 1024  # a comment is at most a few KB; the anchor at most 4 KB

_THREADS = settings.GAZETTE_WRITE_THREADS
_POOL = ThreadPoolExecutor(max_workers=_THREADS, thread_name_prefix="gazette-writes")


def close_connection() -> None:
    """Close the write threads' database connections (tests drop their database)."""
    everyone = threading.Barrier(_THREADS)

    def close() -> None:
        everyone.wait(timeout=10)  # one task per thread: each closes its own
        connection.close()

    for done in [_POOL.submit(close) for _ in range(_THREADS)]:
        done.result()


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            return int(value) if value.isdigit() and len(value) < 8 else None
    return None


def _unused(request: HttpRequest) -> HttpResponse:
    raise AssertionError("only the middleware's process_* methods are called")


# Django's own middleware, the ones that act on a comment post, in
# settings.MIDDLEWARE's order (responses go back through them reversed).
_SECURITY = SecurityMiddleware(_unused)
_CSP = CSPMiddleware(_unused)
_SESSION = FrameSessionMiddleware(_unused)
_LOCALE = LocaleMiddleware(_unused)
_AUTH = AuthenticationMiddleware(_unused)
_FRAMES = XFrameOptionsMiddleware(_unused)
_UNAVAILABLE = DatabaseUnavailableMiddleware(_unused)
_ON_REQUEST: tuple[Callable[[HttpRequest], object], ...] = (
    _CSP.process_request,
    _SESSION.process_request,
    _LOCALE.process_request,
    _AUTH.process_request,
)
_ON_RESPONSE: tuple[Callable[[HttpRequest, Any], HttpResponseBase], ...] = (
    _FRAMES.process_response,
    _LOCALE.process_response,
    _SESSION.process_response,
    _CSP.process_response,
    _SECURITY.process_response,
)


class DirectWrites:
    """Wraps the ASGI application that serves Django (a2wsgi)."""

    def __init__(self, app: ASGIApp, django: WSGIHandler) -> None:
        self.app = app
        self.django = django

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        length = _content_length(scope) if scope["type"] == "http" else None
        path = scope.get("path", "")
        if (
            length is None
            or length > MAX_BODY
            or scope["method"] != "POST"
            or not (COMMENTS.fullmatch(path) or VOTES.fullmatch(path))
        ):
            await self.app(scope, receive, send)
            return
        body = await _read(receive, length)
        if body is None:
            return  # the client went away
        loop = asyncio.get_running_loop()
        answer = await loop.run_in_executor(_POOL, self._run, scope, body)
        if answer is None:  # not one for the short way: Django takes it whole
            answer = await loop.run_in_executor(_POOL, self._django, scope, body)
        status, headers, content = answer
        await send(
            {"type": "http.response.start", "status": status, "headers": headers}
        )
        await send({"type": "http.response.body", "body": content})

    def _django(self, scope: Scope, body: bytes) -> Answer:
        """Django's whole handler, every middleware, as a WSGI server runs it."""
        environ = _environ(scope, body)
        started: list[Any] = []

        def start_response(
            status: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Callable[[bytes], object]:
            started[:] = [status, headers]
            return lambda data: None  # Django never writes through it

        response = self.django(environ, start_response)
        try:
            content = b"".join(response)
        finally:
            response.close()
        status, pairs = started
        return _answer(int(status.split(" ", 1)[0]), pairs, content)

    def _run(self, scope: Scope, body: bytes) -> Answer | None:
        match = COMMENTS.fullmatch(scope["path"])
        if match is None or not keys.is_valid(match["key"]):
            return None
        environ = _environ(scope, body)
        signals.request_started.send(sender=type(self), environ=environ)
        request = WSGIRequest(environ)
        try:
            response = _post_comment(request, match["key"])
            if response is None:
                return None
            content = response.content
            pairs = [
                *response.items(),
                *(
                    ("Set-Cookie", c.output(header=""))
                    for c in response.cookies.values()
                ),
            ]
            return _answer(response.status_code, pairs, content)
        finally:
            signals.request_finished.send(sender=type(self))


def _environ(scope: Scope, body: bytes) -> dict[str, Any]:
    """The WSGI environ a2wsgi would build for this request."""
    return dict(build_environ(scope, io.BytesIO(body)))  # type: ignore[arg-type]


def _answer(status: int, pairs: list[tuple[str, str]], content: bytes) -> Answer:
    headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in pairs]
    if not any(name == b"content-length" for name, _ in headers):
        headers.append((b"content-length", str(len(content)).encode()))
    return status, headers, content


def _post_comment(request: WSGIRequest, key: str) -> HttpResponse | None:
    """The API's comment post with the middleware's parts that act on it.

    None (Django takes the request) when the middleware would answer itself
    (the HTTPS redirect, a foreign host) or the body is not a comment.
    """
    try:
        if _SECURITY.process_request(request) is not None:
            return None  # the redirect to HTTPS
        request.get_host()
    except DisallowedHost:
        return None
    if request.content_type != "application/json":
        return None
    try:
        payload = CommentIn.model_validate(api.parser.parse_body(request))
    except (ValueError, ValidationError, DomainError):
        return None  # Django words the error as the API does
    for step in _ON_REQUEST:
        step(request)
    response: HttpResponseBase = _view(request, key, payload)
    for process in _ON_RESPONSE:
        response = process(request, response)
    return cast("HttpResponse", response)  # the view's answers are never streamed


def _view(request: WSGIRequest, key: str, payload: CommentIn) -> HttpResponse:
    """The API's view, its errors answered by the API's handlers."""
    try:
        response: HttpResponse = comment_post(request, key, payload)
    except DomainError as error:
        response = domain_error(request, error)
    except RateLimited as error:
        response = rate_limited(request, error)
    except (OperationalError, InterfaceError) as error:
        response = _UNAVAILABLE.process_exception(request, error) or HttpResponse()
    except Exception as error:  # Django's 500, logged as Django logs it
        response = response_for_exception(request, error)
    return response


async def _read(receive: Receive, length: int) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk = message.get("body", b"")
        chunks.append(chunk)
        size += len(chunk)
        if not message.get("more_body", False) or size > length:
            return b"".join(chunks)
