"""Reads for the moderation queue: tabs, priority order, context and history."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Max, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gazette.discussion.models import Comment
from gazette.moderation.history import History, histories
from gazette.moderation.models import AuditEntry, Flag
from gazette.moderation.scoring.kinds import LABELS

TABS = {
    "pending": _("Pending"),
    "reported": _("Reported"),
    "spam": _("Spam"),
    "published": _("Published"),
    "rejected": _("Rejected"),
}
PAGE_SIZE = 50
KIND_SHOWN = 0.2
_S = Comment.Status


@dataclass
class QueueItem:
    comment: Comment
    history: History
    reports: list[Flag]

    @property
    def kinds(self) -> list[tuple[str, float]]:
        """The kinds of harm the scorer saw (0.2 and above), strongest first."""
        record = getattr(self.comment, "moderation", None)
        scores = record.kinds if record is not None else {}
        return [
            (str(LABELS.get(kind, kind)), score)
            for kind, score in sorted(scores.items(), key=lambda kv: -kv[1])
            if score >= KIND_SHOWN
        ]


def _base() -> QuerySet[Comment]:
    return Comment.objects.select_related(
        "moderation", "thread", "parent", "user"
    ).exclude(status=_S.DELETED)


def _reported() -> QuerySet[Comment]:
    """Published comments with reports since a moderator last reviewed them."""
    return (
        _base()
        .filter(status=_S.PUBLISHED)
        .annotate(last_report=Max("flags__created_at"))
        .filter(last_report__isnull=False)
        .filter(
            Q(moderation__reviewed_at__isnull=True)
            | Q(last_report__gt=F("moderation__reviewed_at"))
        )
    )


def tab_queryset(tab: str) -> QuerySet[Comment]:
    if tab == "reported":
        return _reported().order_by("-moderation__priority", "-last_report")
    if tab == "pending":
        return (
            _base()
            .filter(status=_S.PENDING)
            .order_by(F("moderation__priority").desc(nulls_last=True), "created_at")
        )
    status = {"spam": _S.SPAM, "published": _S.PUBLISHED, "rejected": _S.REJECTED}[tab]
    return _base().filter(status=status).order_by("-created_at", "-pk")


def tab_counts() -> dict[str, int]:
    """How many comments each tab holds (two queries)."""
    by_status = dict(
        Comment.objects.values_list("status").annotate(n=Count("pk")).order_by()
    )
    return {
        "pending": by_status.get(_S.PENDING, 0),
        "reported": _reported().count(),
        "spam": by_status.get(_S.SPAM, 0),
        "published": by_status.get(_S.PUBLISHED, 0),
        "rejected": by_status.get(_S.REJECTED, 0),
    }


def search(query: str) -> QuerySet[Comment]:
    """Every comment, any status, whose text, name or e-mail matches."""
    return (
        _base()
        .filter(
            Q(text__icontains=query)
            | Q(author_name__icontains=query)
            | Q(author_email__iexact=query)
        )
        .order_by("-created_at", "-pk")
    )


def queue(*, tab: str, query: str = "", limit: int = PAGE_SIZE) -> list[QueueItem]:
    """One page of the queue with each comment's context, reports and history.

    A fixed number of queries however long the page: the comments (with their
    record, thread, parent), their reports, and their authors' history.
    """
    comments = list((search(query) if query else tab_queryset(tab))[:limit])
    reports: dict[int, list[Flag]] = {}
    for flag in Flag.objects.filter(comment__in=comments).order_by("created_at"):
        reports.setdefault(flag.comment_id, []).append(flag)
    known = histories(comments)
    return [
        QueueItem(
            comment, known.get(comment.pk, History()), reports.get(comment.pk, [])
        )
        for comment in comments
    ]


def audit_log(*, limit: int = 200, comment_id: int | None = None) -> list[AuditEntry]:
    entries = AuditEntry.objects.select_related("actor", "comment")
    if comment_id:
        entries = entries.filter(comment_id=comment_id)
    return list(entries[:limit])
