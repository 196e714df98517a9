"""Who is reading: a signed-in account, or a guest known by a signed random id.

Guests carry their id in a signed cookie (first-party pages) or, inside embeds
where cookies may be blocked, in the ``X-Gazette-Reader`` header the script
keeps in local storage. Edit tokens for the comments a browser posted are kept
in a signed cookie so the plain-HTML page can offer "Edit" without JavaScript.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

READER_COOKIE = "gazette_reader"
EDIT_COOKIE = "gazette_edit"
SORT_COOKIE = "gazette_sort"
MINE_COOKIE = "gazette_mine"
READER_HEADER = "HTTP_X_GAZETTE_READER"
_READER_SALT = "gazette.discussion.reader"
_EDIT_SALT = "gazette.discussion.edit"
_MINE_SALT = "gazette.discussion.mine"
_STAMP_SALT = "gazette.discussion.form-stamp"
_MONTH = 30 * 24 * 3600
_MAX_EDIT_TOKENS = 20
_YEAR = 365 * 24 * 3600


@dataclass(frozen=True)
class Reader:
    """The voter key (``u:<id>`` or ``g:<random>``) and a token to hand out if new."""

    voter: str
    new_token: str | None = None


def _secure_cookies() -> bool:
    """Cookies go over HTTPS only in production (development runs plain HTTP)."""
    return settings.GAZETTE_ENV == "production" and not settings.DEBUG


def _signed_guest(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return str(signing.loads(value, salt=_READER_SALT))
    except signing.BadSignature:
        return None


def reader_for(request: HttpRequest) -> Reader:
    """The current reader; a new guest id (and its signed token) when unknown."""
    if request.user.is_authenticated:
        return Reader(voter=f"u:{request.user.pk}")
    guest = _signed_guest(request.META.get(READER_HEADER)) or _signed_guest(
        request.COOKIES.get(READER_COOKIE)
    )
    if guest:
        return Reader(voter=f"g:{guest}")
    guest = secrets.token_urlsafe(16)
    return Reader(voter=f"g:{guest}", new_token=signing.dumps(guest, salt=_READER_SALT))


def remember_reader(response: HttpResponse, reader: Reader) -> None:
    if reader.new_token:
        response.set_cookie(
            READER_COOKIE,
            reader.new_token,
            max_age=_YEAR,
            httponly=True,
            samesite="Lax",
            secure=_secure_cookies(),
        )


def edit_tokens(request: HttpRequest) -> dict[int, str]:
    """Comment id → edit token, for the comments this browser posted."""
    raw = request.COOKIES.get(EDIT_COOKIE)
    if not raw:
        return {}
    try:
        data = signing.loads(
            raw, salt=_EDIT_SALT, max_age=settings.GAZETTE_COMMENT_EDIT_WINDOW
        )
    except signing.BadSignature:
        return {}
    return {int(k): str(v) for k, v in data.items() if str(k).isdigit()}


def remember_edit_token(
    request: HttpRequest, response: HttpResponse, comment_id: int, token: str
) -> None:
    tokens = edit_tokens(request)
    tokens[comment_id] = token
    newest = dict(sorted(tokens.items())[-_MAX_EDIT_TOKENS:])
    response.set_cookie(
        EDIT_COOKIE,
        signing.dumps({str(k): v for k, v in newest.items()}, salt=_EDIT_SALT),
        max_age=settings.GAZETTE_COMMENT_EDIT_WINDOW,
        httponly=True,
        samesite="Lax",
        secure=_secure_cookies(),
    )


def my_comments(request: HttpRequest) -> set[int]:
    """Ids of the comments this browser posted in the last month.

    Lets a held comment be shown to its author as "awaiting moderation"
    after the edit window has closed.
    """
    try:
        ids = signing.loads(
            request.COOKIES.get(MINE_COOKIE, ""), salt=_MINE_SALT, max_age=_MONTH
        )
    except signing.BadSignature:
        return set()
    return {int(i) for i in ids if isinstance(i, int)}


def remember_mine(
    request: HttpRequest, response: HttpResponse, comment_id: int
) -> None:
    newest = sorted(my_comments(request) | {comment_id})[-_MAX_EDIT_TOKENS:]
    response.set_cookie(
        MINE_COOKIE,
        signing.dumps(newest, salt=_MINE_SALT),
        max_age=_MONTH,
        httponly=True,
        samesite="Lax",
        secure=_secure_cookies(),
    )


def form_stamp() -> str:
    """A signed "the form was shown now", for the time-to-submit spam signal."""
    return signing.dumps(round(time.time(), 1), salt=_STAMP_SALT)


def stamped_at(value: str | None) -> float | None:
    """When a form carrying ``value`` was shown; None if unknown or forged."""
    if not value:
        return None
    try:
        return float(signing.loads(value, salt=_STAMP_SALT, max_age=24 * 3600))
    except (signing.BadSignature, TypeError, ValueError):
        return None


PROVEN_COOKIE = "gazette_proven"
_PROVEN_SALT = "gazette.discussion.proven-email"
_PROOF_SALT = "gazette.discussion.email-proof"
_MAX_PROVEN = 5


def email_proof(email: str) -> str:
    """A token to mail to ``email``: whoever opens it there owns the address."""
    return signing.dumps(email.strip().lower(), salt=_PROOF_SALT)


def email_from_proof(token: str, *, max_age: int = _MONTH) -> str | None:
    """The address a proof token was mailed to, if it is genuine and fresh."""
    try:
        return str(signing.loads(token, salt=_PROOF_SALT, max_age=max_age))
    except signing.BadSignature:
        return None


def proven_emails(request: HttpRequest) -> frozenset[str]:
    """Addresses this browser proved it owns, by opening a mailed link."""
    raw = request.COOKIES.get(PROVEN_COOKIE)
    if not raw:
        return frozenset()
    try:
        emails = signing.loads(raw, salt=_PROVEN_SALT, max_age=_YEAR)
    except signing.BadSignature:
        return frozenset()
    return frozenset(str(e) for e in emails if isinstance(e, str))


def remember_proven_email(
    request: HttpRequest, response: HttpResponse, email: str
) -> None:
    emails = sorted(proven_emails(request) | {email.strip().lower()})
    response.set_cookie(
        PROVEN_COOKIE,
        signing.dumps(emails[-_MAX_PROVEN:], salt=_PROVEN_SALT),
        max_age=_YEAR,
        httponly=True,
        samesite="Lax",
        secure=_secure_cookies(),
    )
