"""The audit log: one entry for every moderation decision, human or automatic."""

from __future__ import annotations

from typing import Any

from gazette.core import sql
from gazette.discussion.models import Comment
from gazette.moderation.models import AuditEntry

ACTION_FOR_STATUS: dict[str, str] = {
    Comment.Status.PUBLISHED: AuditEntry.Action.APPROVED,
    Comment.Status.PENDING: AuditEntry.Action.HELD,
    Comment.Status.SPAM: AuditEntry.Action.SPAM,
    Comment.Status.REJECTED: AuditEntry.Action.REJECTED,
}


def log(
    comment: Comment | None,
    action: str,
    *,
    actor: Any = None,
    system: str = "",
    rule: str = "",
    reason: str = "",
) -> AuditEntry:
    """Write one entry. ``actor`` is the moderator; ``system`` names automation."""
    entry = AuditEntry(
        comment=comment,
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        system=system if actor is None else "",
        rule=rule[:200],
        reason=reason,
    )
    return sql.insert(entry)  # every post writes one: compiled once
