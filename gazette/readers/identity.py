"""Who is reading: a signed-in account, or a guest known by a signed random id.

Guests carry their id in a signed cookie (first-party pages) or, inside embeds
where cookies may be blocked, in the ``X-Gazette-Reader`` header the script
keeps in local storage. Addresses a browser proved by a mailed link are kept
in a signed cookie too. Other apps ask this module who someone is.

The purposes keep the names they had under ``gazette.discussion``: a purpose's
name salts its signature, so renaming one would sign every reader out.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from gazette.core.tokens import DAY, Purpose

READER_COOKIE = "gazette_reader"
READER_HEADER = "HTTP_X_GAZETTE_READER"
_MONTH = 30 * DAY
_YEAR = 365 * DAY
READER = Purpose(
    "gazette.discussion.reader",
    max_age=_YEAR,
    grants="a guest's random id: one vote and one report per comment",
)


@dataclass(frozen=True)
class Reader:
    """The voter key (``u:<id>`` or ``g:<random>``) and a token to hand out if new."""

    voter: str
    new_token: str | None = None


def secure_cookies() -> bool:
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
            secure=secure_cookies(),
        )


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
        secure=secure_cookies(),
    )


def is_staff(user: Any) -> bool:
    """Anyone who can open the admin (Wagtail's right, or Django's flags)."""
    return bool(
        user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin")
    )
