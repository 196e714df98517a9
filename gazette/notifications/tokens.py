"""Signed tokens in mailed links: confirm, unsubscribe, manage.

Each is a :class:`~gazette.core.tokens.Purpose` of its own (see
docs/privacy.md): a confirmation link works once, within a week; an
unsubscribe link for a year (it can only stop that one subscription); the
"manage" link, which lists what one address follows, for a month.
"""

from __future__ import annotations

from typing import Any

from gazette.core.tokens import DAY, Purpose

CONFIRM = Purpose(
    "gazette.notifications.confirm",
    max_age=7 * DAY,
    single_use=True,
    grants="confirms one subscription and proves its address, once",
)
UNSUBSCRIBE = Purpose(
    "gazette.notifications.unsubscribe",
    max_age=365 * DAY,
    grants="stops one subscription (RFC 8058 one-click)",
)
MANAGE = Purpose(
    "gazette.notifications.manage",
    max_age=30 * DAY,
    grants="lists and stops the subscriptions of the address it was mailed to",
)
_PURPOSES = {"confirm": CONFIRM, "unsubscribe": UNSUBSCRIBE, "manage": MANAGE}


def make(purpose: str, value: int | str) -> str:
    return _PURPOSES[purpose].sign(value)


def read(token: str, purpose: str, *, spend: bool = False) -> int | str | None:
    """The value signed for ``purpose``; None when forged, mixed up, stale or spent."""
    kind = _PURPOSES[purpose]
    value: Any = kind.spend(token) if spend else kind.read(token)
    if type(value) is int or isinstance(value, str):
        return value
    return None
