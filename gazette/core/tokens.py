"""Signed tokens and cookies: each has a purpose, an expiry, and may be spent once.

A :class:`Purpose` is a salt (a token signed for one purpose never reads as
another's), a lifetime, and whether the token is single-use. Mailed links that
grant access to a reader's data are single-use: :meth:`Purpose.spend` records
the token's digest, and the same link never works twice. Every purpose is
listed in ``docs/privacy.md``; a test checks the list against
:data:`PURPOSES`.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from gazette.core.db import write_transaction
from gazette.core.models import SpentToken

DAY = 24 * 3600
PURPOSES: dict[str, Purpose] = {}


class Purpose:
    """What a token is for, for how long, and whether it works once only."""

    def __init__(
        self,
        name: str,
        *,
        max_age: int | Callable[[], int],
        single_use: bool = False,
        grants: str,
    ) -> None:
        if name in PURPOSES:
            raise ValueError(f"Token purpose {name!r} is declared twice.")
        self.name = name
        self._max_age = max_age
        self.single_use = single_use
        self.grants = grants  # what holding one lets you do, for the docs
        PURPOSES[name] = self

    @property
    def max_age(self) -> int:
        """Seconds a token lives (a callable reads a setting when it is asked)."""
        return self._max_age() if callable(self._max_age) else self._max_age

    def __repr__(self) -> str:
        return f"Purpose({self.name!r})"

    def sign(self, value: Any) -> str:
        """A token carrying ``value`` (JSON-serializable) for this purpose."""
        payload = [value, secrets.token_urlsafe(9)] if self.single_use else value
        return signing.dumps(payload, salt=self.name, compress=True)

    def read(self, token: str | None) -> Any:
        """The value signed for this purpose; None when forged, stale or spent."""
        if not token or not isinstance(token, str) or len(token) > 4096:
            return None
        try:
            payload = signing.loads(token, salt=self.name, max_age=self.max_age)
        except (signing.BadSignature, ValueError, TypeError, UnicodeError):
            return None
        if not self.single_use:
            return payload
        if not (isinstance(payload, list) and len(payload) == 2):
            return None
        if SpentToken.objects.filter(digest=_digest(token)).exists():
            return None
        return payload[0]

    def spend(self, token: str | None) -> Any:
        """Like :meth:`read`, and the token never reads again; None if it was spent."""
        value = self.read(token)
        if value is None or not self.single_use:
            return value
        expires = timezone.now() + timedelta(seconds=self.max_age)
        try:
            with write_transaction(), transaction.atomic():
                SpentToken.objects.create(
                    digest=_digest(str(token)), purpose=self.name, expires_at=expires
                )
        except IntegrityError:  # spent by a request at the same moment
            return None
        return value


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def spent_tokens_prune() -> int:
    """Forget spent tokens that have expired anyway; returns how many."""
    with write_transaction():
        return SpentToken.objects.filter(expires_at__lt=timezone.now()).delete()[0]
