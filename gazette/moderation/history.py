"""What Gazette knows of a commenter: approvals, rejections, other names used.

A commenter is their account when signed in, else their proven e-mail address
(proven by a mailed link), else their browser. An address typed into the form
and never proven is no identity: anyone can type a regular's address, so it
brings no standing and no history. Moderators also see the names used from
the same e-mail, network (IP hash) or browser: the ban-evasion signal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gazette.discussion.models import Comment

_LOOKUP_LIMIT = 5000
_REVIEWED_BAD = (Comment.Status.REJECTED, Comment.Status.SPAM)


def identity(
    *, user: Any = None, email: str = "", verified: bool = False, reader: str = ""
) -> Q | None:
    """The comments written by the same person, as a filter (None: unknown).

    ``email`` counts only when ``verified``, and then only the comments on
    which the same address was proven too.
    """
    if user is not None and getattr(user, "is_authenticated", False):
        return Q(user=user)
    if email and verified:
        return Q(author_email__iexact=email, email_verified=True)
    if reader:
        return Q(moderation__reader=reader)
    return None


@dataclass(frozen=True)
class Standing:
    approved: int
    recent_rejections: int

    @property
    def trusted(self) -> bool:
        return (
            self.approved >= settings.GAZETTE_MODERATION_TRUSTED_AFTER
            and self.recent_rejections == 0
        )

    @property
    def is_new(self) -> bool:
        return self.approved == 0


def standing(who: Q | None, *, exclude: int | None = None) -> Standing:
    """How many of a commenter's comments were published, and recently rejected."""
    if who is None:
        return Standing(0, 0)
    since = timezone.now() - timedelta(days=settings.GAZETTE_MODERATION_TRUST_DAYS)
    comments = Comment.objects.filter(who)
    if exclude:
        comments = comments.exclude(pk=exclude)
    counts = comments.aggregate(
        approved=Count("pk", filter=Q(status=Comment.Status.PUBLISHED)),
        rejected=Count("pk", filter=Q(status__in=_REVIEWED_BAD, created_at__gte=since)),
    )
    return Standing(counts["approved"], counts["rejected"])


# The signals that link another name to a commenter, strongest first.
SIGNALS = ("account", "address", "browser", "network")
SIGNAL_LABELS = {
    "account": _("Same account"),
    "address": _("Same proven e-mail address"),
    "browser": _("Same browser"),
    "network": _("Same network"),
}
NAMES_SHOWN = 5  # per signal; the rest are counted ("and 12 more")


@dataclass(frozen=True)
class Link:
    """Other names one signal links to the commenter: the first few, and a count."""

    signal: str
    names: tuple[str, ...]
    more: int

    @property
    def label(self) -> str:
        return str(SIGNAL_LABELS[self.signal])


@dataclass
class History:
    """A commenter's record as the moderation queue shows it."""

    approved: int = 0
    rejected: int = 0
    pending: int = 0
    # Signal → other names it links; a name is listed under its strongest signal.
    linked_names: dict[str, set[str]] = field(default_factory=dict)

    @property
    def other_names(self) -> set[str]:
        return set().union(*self.linked_names.values())

    @property
    def links(self) -> list[Link]:
        """Strongest signal first, each capped: a shared network can link hundreds."""
        found: list[Link] = []
        seen: set[str] = set()
        for signal in SIGNALS:
            names = sorted(self.linked_names.get(signal, set()) - seen)
            seen.update(names)
            if names:
                found.append(
                    Link(signal, tuple(names[:NAMES_SHOWN]), len(names) - NAMES_SHOWN)
                )
        return found


def histories(comments: Iterable[Comment]) -> dict[int, History]:
    """Comment id → its author's history, for a page of the queue in one query.

    Expects ``moderation`` to be selected with the comments.
    """
    comments = list(comments)
    if not comments:
        return {}
    traces = Q()
    for comment in comments:
        for trace in _traces(comment):
            traces |= Q(**{trace[0]: trace[1]})
    related = list(
        Comment.objects.filter(traces)
        .exclude(status=Comment.Status.DELETED)
        .values_list(
            "author_name",
            "author_email",
            "user_id",
            "ip_hash",
            "moderation__reader",
            "status",
            "email_verified",
        )[:_LOOKUP_LIMIT]
    )
    return {comment.pk: _history(comment, related) for comment in comments}


def _traces(comment: Comment) -> list[tuple[str, Any]]:
    """The fields another comment may share with this one's author."""
    record = getattr(comment, "moderation", None)
    found: list[tuple[str, Any]] = []
    if comment.user_id:
        found.append(("user_id", comment.user_id))
    if comment.author_email:
        found.append(("author_email__iexact", comment.author_email))
    if comment.ip_hash:
        found.append(("ip_hash", comment.ip_hash))
    if record is not None and record.reader:
        found.append(("moderation__reader", record.reader))
    return found


def _history(comment: Comment, related: list[tuple[Any, ...]]) -> History:
    history = History()
    traces = dict(_traces(comment))
    email = comment.author_email.lower() if comment.email_verified else ""
    for name, r_email, r_user, r_ip, r_reader, status, r_verified in related:
        if comment.user_id:
            same_person = r_user == comment.user_id
        else:
            same_person = bool(email) and r_verified and r_email.lower() == email
        if same_person:
            _count(history, status)
        if not name or name == comment.author_name:
            continue
        if same_person:
            signal = "account" if comment.user_id else "address"
        elif r_reader and r_reader == traces.get("moderation__reader"):
            signal = "browser"
        elif r_ip and r_ip == traces.get("ip_hash"):
            signal = "network"
        else:
            continue
        history.linked_names.setdefault(signal, set()).add(name)
    return history


def _count(history: History, status: str) -> None:
    if status == Comment.Status.PUBLISHED:
        history.approved += 1
    elif status in _REVIEWED_BAD:
        history.rejected += 1
    elif status == Comment.Status.PENDING:
        history.pending += 1
