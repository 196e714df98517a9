"""Bans: who may not comment, until when."""

from __future__ import annotations

from typing import Any

from gazette.moderation import rules
from gazette.moderation.models import Ban


def active_ban(
    known: rules.Rules,
    *,
    user: Any = None,
    email: str = "",
    ip_hash: str = "",
    reader: str = "",
) -> Ban | None:
    """The ban that stops this author now, if any."""
    candidates: list[tuple[str, str]] = []
    if user is not None and getattr(user, "is_authenticated", False):
        candidates.append((Ban.Kind.USER, str(user.pk)))
    if email:
        candidates.append((Ban.Kind.EMAIL, email.lower()))
    if ip_hash:
        candidates.append((Ban.Kind.IP, ip_hash))
    if reader:
        candidates.append((Ban.Kind.READER, reader))
    return known.active_ban(candidates) if candidates else None
