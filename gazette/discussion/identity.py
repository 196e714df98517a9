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
from django.http import HttpRequest, HttpResponse

from gazette.core.tokens import DAY, Purpose

READER_COOKIE = "gazette_reader"
EDIT_COOKIE = "gazette_edit"
SORT_COOKIE = "gazette_sort"
MINE_COOKIE = "gazette_mine"
READER_HEADER = "HTTP_X_GAZETTE_READER"
_MONTH = 30 * DAY
_MAX_EDIT_TOKENS = 20
_YEAR = 365 * DAY
READER = Purpose(
    "gazette.discussion.reader",
    max_age=_YEAR,
    grants="a guest's random id: one vote and one report per comment",
)
EDIT = Purpose(
    "gazette.discussion.edit",
    max_age=lambda: int(settings.GAZETTE_COMMENT_EDIT_WINDOW),
    grants="edit tokens of the comments this browser posted (the HTML page)",
)
MINE = Purpose(
    "gazette.discussion.mine",
    max_age=_MONTH,
    grants="ids of this browser's comments: shows their authors what is held",
)
STAMP = Purpose(
    "gazette.discussion.form-stamp",
    max_age=DAY,
    grants="when the comment form was shown (the too-fast spam signal)",
)


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
    guest = READER.read(value)
    return guest if isinstance(guest, str) and guest else None


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
    return Reader(voter=f"g:{guest}", new_token=READER.sign(guest))


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
    data = EDIT.read(request.COOKIES.get(EDIT_COOKIE))
    if not isinstance(data, dict):
        return {}
    return {
        int(k): v
        for k, v in data.items()
        if isinstance(k, str) and k.isascii() and k.isdigit() and isinstance(v, str)
    }


def remember_edit_token(
    request: HttpRequest, response: HttpResponse, comment_id: int, token: str
) -> None:
    tokens = edit_tokens(request)
    tokens[comment_id] = token
    newest = dict(sorted(tokens.items())[-_MAX_EDIT_TOKENS:])
    response.set_cookie(
        EDIT_COOKIE,
        EDIT.sign({str(k): v for k, v in newest.items()}),
        max_age=EDIT.max_age,
        httponly=True,
        samesite="Lax",
        secure=_secure_cookies(),
    )


def my_comments(request: HttpRequest) -> set[int]:
    """Ids of the comments this browser posted in the last month.

    Lets a held comment be shown to its author as "awaiting moderation"
    after the edit window has closed.
    """
    ids = MINE.read(request.COOKIES.get(MINE_COOKIE))
    if not isinstance(ids, list):
        return set()
    return {i for i in ids if type(i) is int}


def remember_mine(
    request: HttpRequest, response: HttpResponse, comment_id: int
) -> None:
    newest = sorted(my_comments(request) | {comment_id})[-_MAX_EDIT_TOKENS:]
    response.set_cookie(
        MINE_COOKIE,
        MINE.sign(newest),
        max_age=_MONTH,
        httponly=True,
        samesite="Lax",
        secure=_secure_cookies(),
    )


def form_stamp() -> str:
    """A signed "the form was shown now", for the time-to-submit spam signal."""
    return STAMP.sign(round(time.time(), 1))


def stamped_at(value: str | None) -> float | None:
    """When a form carrying ``value`` was shown; None if unknown or forged."""
    stamp = STAMP.read(value)
    return float(stamp) if type(stamp) in (int, float) else None


PROVEN_COOKIE = "gazette_proven"
_MAX_PROVEN = 5
PROOF = Purpose(
    "gazette.discussion.email-proof",
    max_age=_MONTH,
    single_use=True,
    grants="proves the address it was mailed to (a receipt's badge link); once",
)
PROVEN = Purpose(
    "gazette.discussion.proven-email",
    max_age=_YEAR,
    grants="addresses this browser proved by a mailed link: verified comments",
)


def email_proof(email: str) -> str:
    """A single-use token to mail to ``email``: who opens it there owns the address."""
    return PROOF.sign(email.strip().lower())


def email_from_proof(token: str, *, spend: bool = False) -> str | None:
    """The address a proof token was mailed to, if genuine, fresh and unspent."""
    email = PROOF.spend(token) if spend else PROOF.read(token)
    return email if isinstance(email, str) else None


def proven_emails(request: HttpRequest) -> frozenset[str]:
    """Addresses this browser proved it owns, by opening a mailed link."""
    emails = PROVEN.read(request.COOKIES.get(PROVEN_COOKIE))
    if not isinstance(emails, list):
        return frozenset()
    return frozenset(e for e in emails if isinstance(e, str))


def remember_proven_email(
    request: HttpRequest, response: HttpResponse, email: str
) -> None:
    emails = sorted(proven_emails(request) | {email.strip().lower()})
    response.set_cookie(
        PROVEN_COOKIE,
        PROVEN.sign(emails[-_MAX_PROVEN:]),
        max_age=_YEAR,
        httponly=True,
        samesite="Lax",
        secure=_secure_cookies(),
    )
