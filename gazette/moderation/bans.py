"""Bans: who may not comment, until when."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Q
from django.utils import timezone

from gazette.moderation.models import Ban


def active_ban(
    *, user: Any = None, email: str = "", ip_hash: str = "", reader: str = ""
) -> Ban | None:
    """The ban that stops this author now, if any (one query)."""
    match = Q()
    if user is not None and getattr(user, "is_authenticated", False):
        match |= Q(kind=Ban.Kind.USER, value=str(user.pk))
    if email:
        match |= Q(kind=Ban.Kind.EMAIL, value=email.lower())
    if ip_hash:
        match |= Q(kind=Ban.Kind.IP, value=ip_hash)
    if reader:
        match |= Q(kind=Ban.Kind.READER, value=reader)
    if not match:
        return None
    now = timezone.now()
    return (
        Ban.objects.filter(match)
        .filter(Q(expires_at=None) | Q(expires_at__gt=now))
        .order_by(F("expires_at").desc(nulls_first=True))
        .first()
    )
