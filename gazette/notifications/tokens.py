"""Signed tokens in mailed links: confirm, unsubscribe, manage."""

from __future__ import annotations

from django.core import signing

_SALT = "gazette.notifications"
_CONFIRM_DAYS = 7


def make(purpose: str, value: int | str) -> str:
    return signing.dumps([purpose, value], salt=_SALT, compress=True)


def read(token: str, purpose: str) -> int | str | None:
    """The value signed for ``purpose``; None when forged, mixed up or stale."""
    max_age = _CONFIRM_DAYS * 86400 if purpose == "confirm" else None
    try:
        found, value = signing.loads(token, salt=_SALT, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return value if found == purpose and isinstance(value, int | str) else None
