"""Decisions people can trust: statements of reasons, appeals, report outcomes.

What the EU Digital Services Act asks of a platform (articles 16, 17 and 20),
done for every newsroom:

- the author of a removed comment is told what was removed, under which rule,
  whether a person or Gazette decided (and whether automated screening found
  it), and how to appeal (``statement``);
- one appeal per decision, from the mail's link or the author's data page,
  for six months; a moderator other than the one who decided decides it,
  and the outcome is mailed and logged (``appeal_create``, ``appeal_decide``);
- each reader who reported a comment and left an address hears what came of
  the report (``reporters_tell``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gazette.core.db import write_transaction
from gazette.core.links import absolute
from gazette.core.tokens import DAY, Purpose
from gazette.discussion import services as discussion
from gazette.discussion.errors import CommentNotFound, DiscussionError, InvalidComment
from gazette.discussion.models import Comment
from gazette.discussion.pipeline import clean_text
from gazette.moderation import audit
from gazette.moderation.errors import ModerationError
from gazette.moderation.models import Appeal, AuditEntry, Flag, ModerationRecord

APPEAL_DAYS = 183  # the DSA's "at least six months" (article 20)
APPEAL_LINK = Purpose(
    "gazette.moderation.appeal",
    max_age=APPEAL_DAYS * DAY,
    grants="see the decision on the comment it names, and appeal it once",
)
APPEALABLE = (AuditEntry.Action.REJECTED, AuditEntry.Action.SPAM)
REMOVED = (Comment.Status.REJECTED, Comment.Status.SPAM)
MAX_APPEAL = 2000
# Who held a comment before a person decided, as the statement names it.
FOUND_BY = {
    "pipeline": "screening",
    "background scorer": "screening",
    "reader reports": "reports",
}


class AlreadyAppealed(DiscussionError):
    status = 409
    code = "already_appealed"


class InvalidAppealLink(DiscussionError):
    status = 404
    code = "invalid_appeal_link"


@dataclass(frozen=True)
class Statement:
    """The statement of reasons for one decision on one comment."""

    decision: AuditEntry
    comment: Comment
    by_person: bool
    found_by: str  # "screening", "reports" or "moderator"
    appeal_url: str
    appeal_until: datetime


def appeal_token(decision: AuditEntry) -> str:
    return APPEAL_LINK.sign({"c": decision.comment_id, "d": decision.pk})


def _found_by(decision: AuditEntry) -> str:
    """How the comment came to a moderator: screening, readers, or their own look."""
    held = (
        AuditEntry.objects.filter(
            comment_id=decision.comment_id or 0,
            action=AuditEntry.Action.HELD,
            created_at__lte=decision.created_at,
        )
        .order_by("-created_at", "-pk")
        .values_list("system", flat=True)
        .first()
    )
    return FOUND_BY.get(held or "", "moderator")


def statement(decision: AuditEntry) -> Statement:
    path = reverse("moderation:appeal", args=[appeal_token(decision)])
    return Statement(
        decision=decision,
        comment=decision.comment,  # type: ignore[arg-type]
        by_person=decision.actor_id is not None,
        found_by=_found_by(decision),
        appeal_url=absolute(path),
        appeal_until=decision.created_at + timedelta(days=APPEAL_DAYS),
    )


def latest_decision(comment_id: int) -> AuditEntry | None:
    """The decision that removed the comment, if it is removed now."""
    return (
        AuditEntry.objects.select_related("comment__thread", "actor")
        .filter(
            comment_id=comment_id,
            action__in=APPEALABLE,
            comment__status__in=REMOVED,
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def decision_from(token: str) -> AuditEntry:
    """The decision an appeal link names; refused when forged or stale."""
    value = APPEAL_LINK.read(token)
    if not (
        isinstance(value, dict)
        and type(value.get("c")) is int
        and type(value.get("d")) is int
    ):
        raise InvalidAppealLink(_("This appeal link is not valid or has expired."))
    decision = (
        AuditEntry.objects.select_related("comment__thread", "actor")
        .filter(pk=value["d"], comment_id=value["c"], action__in=APPEALABLE)
        .first()
    )
    if decision is None:
        raise InvalidAppealLink(_("This appeal link is not valid or has expired."))
    return decision


def appeal_of(decision: AuditEntry) -> Appeal | None:
    return Appeal.objects.filter(decision=decision).first()


def appeal_create(*, token: str, text: str) -> Appeal:
    """The author appeals the decision the link names; once per decision."""
    decision = decision_from(token)
    text = clean_text(text)
    if not text:
        raise InvalidComment(
            _("Tell the moderators why the comment should be published."),
            errors={"text": _("Write why it should be published.")},
        )
    if len(text) > MAX_APPEAL:
        raise InvalidComment(
            _("Keep the appeal to %(n)d characters.") % {"n": MAX_APPEAL},
            errors={"text": _("Too long.")},
        )
    if timezone.now() > decision.created_at + timedelta(days=APPEAL_DAYS):
        raise ModerationError(_("The time to appeal this decision has passed."))
    with write_transaction():
        current = (
            Comment.objects.select_for_update()
            .filter(pk=decision.comment_id or 0)
            .first()
        )
        if current is None or current.status not in REMOVED:
            raise ModerationError(
                _("This comment is published; there is nothing to appeal.")
            )
        if latest_decision(current.pk) != decision:
            raise ModerationError(_("A newer decision replaced this one."))
        try:
            with transaction.atomic():
                appeal = Appeal.objects.create(
                    decision=decision, comment=current, text=text
                )
        except IntegrityError:
            raise AlreadyAppealed(
                _("You have already appealed this decision.")
            ) from None
        audit.log(
            current, AuditEntry.Action.APPEALED, system="author", reason=text[:500]
        )
    return appeal


def open_appeals() -> QuerySet[Appeal]:
    return Appeal.objects.filter(status=Appeal.Status.OPEN).select_related(
        "comment__thread", "decision__actor"
    )


def appeal_decide(
    *, appeal_id: int, reinstate: bool, moderator: Any, reason: str = ""
) -> Appeal:
    """Reinstate the comment or uphold the decision; never by the first decider."""
    from gazette.moderation import tasks

    with write_transaction():
        appeal = (
            Appeal.objects.select_for_update()
            .select_related("decision")
            .filter(pk=appeal_id)
            .first()
        )
        if appeal is None:
            raise CommentNotFound(_("There is no such appeal."))
        if appeal.status != Appeal.Status.OPEN:
            raise ModerationError(_("This appeal has been decided already."))
        if appeal.decision.actor_id == moderator.pk:
            raise ModerationError(
                _("You made the decision under appeal: another moderator decides it.")
            )
        comment = Comment.objects.select_for_update().get(pk=appeal.comment_id)
        now = timezone.now()
        if reinstate:
            discussion.comment_set_status(
                comment=comment, status=Comment.Status.PUBLISHED
            )
            ModerationRecord.objects.update_or_create(
                comment=comment, defaults={"reviewed_by": moderator, "reviewed_at": now}
            )
        audit.log(
            comment,
            AuditEntry.Action.REINSTATED if reinstate else AuditEntry.Action.UPHELD,
            actor=moderator,
            rule="appeal",
            reason=clean_text(reason),
        )
        appeal.status = Appeal.Status.REINSTATED if reinstate else Appeal.Status.UPHELD
        appeal.decided_by, appeal.decided_at = moderator, now
        appeal.outcome_reason = clean_text(reason)
        appeal.save(
            update_fields=["status", "decided_by", "decided_at", "outcome_reason"]
        )
        pk = appeal.pk
        transaction.on_commit(lambda: tasks.send_appeal_outcome.enqueue(pk))
    return appeal


def reporters_tell(comment: Comment, *, removed: bool) -> None:
    """A moderator decided on a reported comment: each open report gets the outcome.

    Call inside the deciding transaction. Reports already answered are left
    alone, so a report is answered once, by the first decision after it.
    """
    from gazette.moderation import tasks

    waiting = Flag.objects.filter(comment=comment, outcome="")
    asked = list(waiting.exclude(notify_email="").values_list("pk", flat=True))
    waiting.update(outcome="removed" if removed else "kept", decided_at=timezone.now())
    if asked:
        transaction.on_commit(lambda: tasks.send_report_outcomes.enqueue(asked))


@dataclass(frozen=True)
class RemovedComment:
    """One of a reader's removed comments, for their data page."""

    comment: Comment
    decision: AuditEntry
    appeal: Appeal | None
    appeal_url: str


def removed_for(email: str) -> list[RemovedComment]:
    """The reader's removed comments with the decision, and their appeal or its link."""
    comments = list(
        Comment.objects.filter(author_email__iexact=email, status__in=REMOVED)
        .select_related("thread")
        .order_by("-created_at")[:100]
    )
    latest: dict[int, AuditEntry] = {}
    for entry in AuditEntry.objects.filter(
        comment__in=comments, action__in=APPEALABLE
    ).order_by("created_at", "pk"):
        latest[entry.comment_id or 0] = entry  # the last one stays
    appealed = {
        a.decision_id: a for a in Appeal.objects.filter(decision__in=latest.values())
    }
    return [
        RemovedComment(
            comment,
            latest[comment.pk],
            appealed.get(latest[comment.pk].pk),
            reverse("moderation:appeal", args=[appeal_token(latest[comment.pk])]),
        )
        for comment in comments
        if comment.pk in latest
    ]
