"""Sessions inside embeds on other sites, where the browser blocks cookies.

A comment section framed by another site is a third party there: browsers
keep its cookies from it (Safari and Firefox always, Chrome in private
windows or when the reader asks, and then its local storage too), and
``SameSite=Lax`` cookies never reach a cross-site frame anyway. So a frame
keeps what first-party pages keep in cookies two other ways:

- **The header.** A request to the JSON API that carries ``X-Gazette-Session``
  is a frame's. The header's value is its signed session key (or ``new``
  before it has one); the session is loaded from it, and the answer says the
  session's signed key again in the same header (empty once signed out), for
  the frame's script to keep in memory or in the storage the browser
  partitions by embedding site.
- **A partitioned cookie.** The same answer sets ``gazette_frame``, a
  ``Partitioned`` (CHIPS) cookie, which browsers keep even where they block
  third-party cookies, separately for each site that embeds Gazette. It holds,
  signed, the cookies the API answered with (the session's, the guest id, the
  ids of the reader's comments), and is read back, for the API only, when the
  header is there too; so a reload of the embedding page finds the reader
  signed in, and their held comments, though the frame kept nothing itself.

Only scripts send the header, and another origin's script could send it
only through CORS, which Gazette does not allow: like the API's JSON-only
bodies it cannot be forged by a form on another site, so it needs no CSRF
token, and the partitioned cookie is never read without it. Signing out, a
ban, or "sign out everywhere" ends such a session as it ends a cookie's. See
``docs/decisions/0023-sessions-in-embeds.md``.
"""

from __future__ import annotations

from http.cookies import Morsel

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponse

from gazette.core.tokens import Purpose

HEADER = "X-Gazette-Session"
_META = "HTTP_X_GAZETTE_SESSION"
SESSION = Purpose(
    "gazette.readers.frame-session",
    max_age=lambda: int(settings.SESSION_COOKIE_AGE),
    grants="the session of a reader signed in inside an embed that has no cookies",
)
COOKIE = "gazette_frame"
FRAME = Purpose(
    "gazette.readers.frame-cookies",
    max_age=lambda: int(settings.SESSION_COOKIE_AGE),
    grants="an embed's own cookies (session, guest id, its comments), partitioned",
)
_MAX_COOKIE = 3800  # bytes; browsers keep about 4 KB per cookie


class _Partitioned(Morsel[str]):
    """A cookie with the ``Partitioned`` attribute (Python has it from 3.14)."""

    _reserved = {**Morsel._reserved, "partitioned": "Partitioned"}  # type: ignore[attr-defined]
    _flags = Morsel._flags | {"partitioned"}  # type: ignore[attr-defined]


def _frames_keep(name: str) -> bool:
    """Gazette's own cookies and the session's (not CSRF's, nor messages)."""
    return name.startswith("gazette_") or name == settings.SESSION_COOKIE_NAME


def _kept(request: HttpRequest) -> dict[str, str]:
    cookies = FRAME.read(request.COOKIES.get(COOKIE))
    if not isinstance(cookies, dict):
        return {}
    return {k: v for k, v in cookies.items() if _frames_keep(k) and isinstance(v, str)}


def _keep(request: HttpRequest, response: HttpResponse) -> None:
    """Fold the cookies this answer sets into the frame's partitioned cookie."""
    kept = dict(getattr(request, "frame_cookies", {}))
    for name, morsel in response.cookies.items():
        if name == COOKIE or not _frames_keep(name):
            continue
        if morsel["max-age"] == 0 or not morsel.value:
            kept.pop(name, None)
        else:
            kept[name] = morsel.value
    if not kept and COOKIE not in request.COOKIES:
        return  # nothing held, nothing to forget
    value = FRAME.sign(kept) if kept else ""
    if len(value) > _MAX_COOKIE:  # the session matters most
        session = settings.SESSION_COOKIE_NAME
        value = FRAME.sign({session: kept[session]}) if session in kept else ""
    cookie = _Partitioned()
    cookie.set(COOKIE, value, value)
    attributes: dict[str, object] = {
        "path": "/api/",
        "max-age": settings.SESSION_COOKIE_AGE if value else 0,
        "httponly": True,
        "secure": True,
        "samesite": "None",
        "partitioned": True,
    }
    dict.update(cookie, attributes)
    response.cookies[COOKIE] = cookie


def _frame_key(request: HttpRequest) -> str | None:
    """The session key a frame sent, when this request is a frame's API call.

    A frame that holds no session yet ("new") takes its partitioned cookie's,
    or the plain session cookie where the browser sends one (an embed on the
    newsroom's own site)."""
    if not request.path.startswith("/api/") or _META not in request.META:
        return None
    kept = _kept(request)
    for name, value in kept.items():
        request.COOKIES.setdefault(name, value)
    request.frame_cookies = kept  # type: ignore[attr-defined]
    key = SESSION.read(request.META[_META])
    if not isinstance(key, str):
        key = request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
    return key


class FrameSessionMiddleware(SessionMiddleware):
    """Django's sessions, from the frame's header when a frame sends one."""

    def process_request(self, request: HttpRequest) -> None:
        key = _frame_key(request)
        if key is None:
            super().process_request(request)
            return
        request.session = self.SessionStore(key or None)
        request.frame_session = True  # type: ignore[attr-defined]

    def process_response(
        self, request: HttpRequest, response: HttpResponse
    ) -> HttpResponse:
        """Django saves the session (and sets its cookie, which a frame's
        browser may drop); a frame's answer also says the key to keep."""
        response = super().process_response(request, response)
        if getattr(request, "frame_session", False):
            session = request.session
            key = None if session.is_empty() else session.session_key
            response[HEADER] = SESSION.sign(key) if key else ""
            _keep(request, response)
            # The header is this reader's alone: no cache keeps the answer.
            response["Cache-Control"] = "private, no-store"
        return response
