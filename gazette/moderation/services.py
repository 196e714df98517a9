"""Moderation's writes: decisions, bans, reader reports. Views and tests call these."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gazette.core.db import write_transaction
from gazette.discussion import services as discussion
from gazette.discussion.errors import CommentNotFound, InvalidComment
from gazette.discussion.models import Comment
from gazette.discussion.pipeline import clean_text
from gazette.moderation import appeals, audit, context, signals
from gazette.moderation.errors import AlreadyReported, ModerationError
from gazette.moderation.models import AuditEntry, Ban, Flag, ModerationRecord
from gazette.moderation.pipeline import REPORT_PRIORITY
from gazette.moderation.policies import policy_for
from gazette.moderation.reports import FLOOD_PRIORITY, author_is_trusted
from gazette.moderation.reports import tally as reports_tally
from gazette.moderation.scoring import background_scorer, kinds, language

ACTIONS = {
    "approve": (Comment.Status.PUBLISHED, AuditEntry.Action.APPROVED),
    "reject": (Comment.Status.REJECTED, AuditEntry.Action.REJECTED),
    "spam": (Comment.Status.SPAM, AuditEntry.Action.SPAM),
}
MAX_BATCH = 200


def comments_moderate(
    *, comment_ids: list[int], action: str, moderator: Any, reason: str = ""
) -> list[Comment]:
    """Approve, reject or mark as spam; each decision is audited.

    Rejections tell the author why, by e-mail, when they left an address.
    Preconditions: ``moderator`` may moderate (checked by the caller).
    """
    if action not in ACTIONS:
        raise ModerationError(_("Choose approve, reject or spam."))
    if not comment_ids or len(comment_ids) > MAX_BATCH:
        raise ModerationError(_("Choose from 1 to %(n)d comments.") % {"n": MAX_BATCH})
    status, logged = ACTIONS[action]
    now = timezone.now()
    with write_transaction():
        comments = list(
            Comment.objects.select_for_update()
            .filter(pk__in=comment_ids)
            .exclude(status=Comment.Status.DELETED)
        )
        for comment in comments:
            discussion.comment_set_status(comment=comment, status=status)
            ModerationRecord.objects.update_or_create(
                comment=comment, defaults={"reviewed_by": moderator, "reviewed_at": now}
            )
            audit.log(comment, logged, actor=moderator, rule="moderator", reason=reason)
            appeals.reporters_tell(comment, removed=action != "approve")
            _after_decision(comment, action, moderator, reason)
    return comments


def comments_feature(
    *, comment_ids: list[int], featured: bool, moderator: Any
) -> list[Comment]:
    """Make published comments editors' picks (or no longer); each is audited.

    Comments that are not published are refused, so a pick is never one
    readers cannot see. Returns the comments that changed.
    """
    if not comment_ids or len(comment_ids) > MAX_BATCH:
        raise ModerationError(_("Choose from 1 to %(n)d comments.") % {"n": MAX_BATCH})
    logged = AuditEntry.Action.FEATURED if featured else AuditEntry.Action.UNFEATURED
    with write_transaction():
        comments = list(Comment.objects.select_for_update().filter(pk__in=comment_ids))
        if featured and any(c.status != Comment.Status.PUBLISHED for c in comments):
            raise ModerationError(_("Only published comments can be featured."))
        changed = [
            c
            for c in comments
            if discussion.comment_set_featured(comment=c, featured=featured)
        ]
        for comment in changed:
            audit.log(comment, logged, actor=moderator, rule="moderator")
    return changed


def _after_decision(comment: Comment, action: str, moderator: Any, reason: str) -> None:
    if action == "approve":
        transaction.on_commit(
            lambda: signals.comment_approved.send(
                sender=Comment, comment=comment, moderator=moderator
            )
        )
    elif action == "reject":
        if comment.author_email:
            pk = comment.pk
            transaction.on_commit(lambda: _notify_rejection(pk, reason))
        transaction.on_commit(
            lambda: signals.comment_rejected.send(
                sender=Comment, comment=comment, moderator=moderator, reason=reason
            )
        )


def _notify_rejection(comment_id: int, reason: str) -> None:
    from gazette.moderation import tasks

    tasks.send_rejection_notice.enqueue(comment_id, reason)


def comment_second_opinion(*, comment_id: int) -> bool:
    """Score a published comment with the background scorer; hold it if harmful.

    The scorer reads it in its thread (whom it answers, who else is there),
    under the thread's policy. A comment a moderator has reviewed, one this
    scorer already decided inline, or one in a language the scorer does not
    read, is left alone. Returns whether it
    was held; the audit log names the scorer, the kind and its score.
    """
    scorer = background_scorer()
    comment = (
        Comment.objects.filter(pk=comment_id)
        .select_related("thread", "moderation")
        .first()
    )
    if comment is None or comment.status != Comment.Status.PUBLISHED:
        return False
    inline = getattr(comment, "moderation", None)
    if inline is not None and inline.scorer == scorer.name:
        return False  # it already decided inline (a Spanish comment), in context
    if scorer.languages is not None and (
        language.detect(comment.text) not in scorer.languages
    ):
        return False
    key = comment.thread.key
    policy = policy_for(key)
    found = kinds.assess(
        scorer.kind_scores(comment.text),
        comment.text,
        context.thread_context(
            key, parent_id=comment.parent_id, author_name=comment.author_name
        ),
        scorer=scorer.name,
    )
    kind, score = found.harm(policy.allowed_kinds)
    if score < policy.hold_threshold:
        return False
    with write_transaction():
        locked = (
            Comment.objects.select_for_update()
            .filter(pk=comment_id, status=Comment.Status.PUBLISHED)
            .first()
        )
        record = ModerationRecord.objects.filter(comment_id=comment_id).first()
        if locked is None or (record is not None and record.reviewed_at):
            return False
        if record is not None:
            record.kinds, record.scorer, record.toxicity = (
                found.rounded(),
                scorer.name,
                score,
            )
            record.save(update_fields=["kinds", "scorer", "toxicity"])
        _hold(
            locked,
            system="background scorer",
            rule=f"{scorer.name} {kind} {score:.2f} ≥ {policy.hold_threshold:.2f}",
        )
    return True


def ban_from_comment(
    *,
    comment_id: int,
    kinds: list[str],
    days: int | None,
    moderator: Any,
    reason: str = "",
) -> list[Ban]:
    """Ban what identifies a comment's author (account, e-mail, network, browser).

    ``days=None`` bans for good. The comment itself is marked as spam only if
    the moderator also chooses to; banning does not decide it.
    """
    comment = Comment.objects.select_related("moderation").filter(pk=comment_id).first()
    if comment is None:
        raise CommentNotFound(_("There is no such comment."))
    if days is not None and not 1 <= days <= 3650:
        raise ModerationError(_("Ban for 1 to 3650 days, or for good."))
    values = _ban_values(comment)
    chosen = [kind for kind in kinds if kind in values]
    if not chosen:
        raise ModerationError(
            _("Nothing to ban: choose something this comment's author has.")
        )
    expires = timezone.now() + timedelta(days=days) if days else None
    with write_transaction():
        made = [
            Ban.objects.create(
                kind=kind,
                value=values[kind],
                expires_at=expires,
                reason=reason,
                created_by=moderator,
            )
            for kind in chosen
        ]
        audit.log(
            comment,
            AuditEntry.Action.BANNED,
            actor=moderator,
            rule="ban: " + ", ".join(chosen),
            reason=reason + (f" (for {days} days)" if days else " (for good)"),
        )
    return made


def _ban_values(comment: Comment) -> dict[str, str]:
    record = getattr(comment, "moderation", None)
    values = {
        Ban.Kind.USER: str(comment.user_id or ""),
        Ban.Kind.EMAIL: comment.author_email.lower(),
        Ban.Kind.IP: comment.ip_hash,
        Ban.Kind.READER: record.reader if record is not None else "",
    }
    return {str(kind): value for kind, value in values.items() if value}


def flag_create(
    *,
    comment_id: int,
    reporter: str,
    reason: str,
    text: str = "",
    ip_hash: str = "",
    weight: int = 1,
    notify_email: str = "",
) -> Flag:
    """A reader reports a comment. Enough readers, counted as ``reports``
    describes (weights, a cap per network), hold it for review; a trusted
    commenter's comment stays visible in the Reported tab instead.

    Reports made before a moderator last approved the comment do not count
    again: a moderator's decision stands until new readers object.
    """
    if reason not in Flag.Reason.values:
        raise InvalidComment(
            _("Choose why you are reporting this comment."),
            errors={"reason": _("Choose one of the reasons.")},
        )
    text = " ".join(clean_text(text).split())[:500]
    notify_email = notify_email.strip()
    if notify_email:
        try:
            validate_email(notify_email)
        except ValidationError:
            raise InvalidComment(
                _("Enter a valid e-mail address, or leave it empty."),
                errors={"notify_email": _("Not an e-mail address.")},
            ) from None
    if reason == Flag.Reason.OTHER and not text:
        raise InvalidComment(
            _("Tell us what is wrong with this comment."),
            errors={"text": _("Describe the problem.")},
        )
    with write_transaction():
        comment = discussion.published_for_update(comment_id)
        try:
            with transaction.atomic():
                flag = Flag.objects.create(
                    comment=comment,
                    reporter=reporter,
                    reason=reason,
                    text=text,
                    ip_hash=ip_hash,
                    weight=max(0, weight),
                    notify_email=notify_email,
                )
        except IntegrityError:
            raise AlreadyReported(
                _("You have already reported this comment.")
            ) from None
        _count_reports(comment, flag)
    return flag


def _count_reports(comment: Comment, flag: Flag) -> None:
    record, _created = ModerationRecord.objects.get_or_create(comment=comment)
    reports = Flag.objects.filter(comment=comment)
    record.flag_count = reports.count()
    record.priority += REPORT_PRIORITY
    record.save(update_fields=["flag_count", "priority"])
    audit.log(
        comment,
        AuditEntry.Action.REPORTED,
        system="reader report",
        rule=flag.reason,
        reason=flag.text,
    )
    if record.reviewed_at:
        reports = reports.filter(created_at__gt=record.reviewed_at)
    found = reports_tally(list(reports.only("reporter", "ip_hash", "weight")))
    if found.flooding == 1:  # once, when one network first reports past its share
        record.priority += FLOOD_PRIORITY
        record.reasons = [*record.reasons, "many reports from one network"]
        record.save(update_fields=["priority", "reasons"])
        audit.log(
            comment,
            AuditEntry.Action.REPORTED,
            system="reader reports",
            rule="report flood",
            reason=f"more than {settings.GAZETTE_REPORTS_PER_NETWORK} reports "
            "from one network; only that many count",
        )
    needed = policy_for(comment.thread.key).reports_to_hold
    if found.weight < needed:
        return
    if author_is_trusted(comment):
        audit.log(
            comment,
            AuditEntry.Action.REPORTED,
            system="reader reports",
            rule="trusted commenter: stays visible",
            reason=found.describe(),
        )
        return
    _hold(comment, system="reader reports", rule=f"reported by {found.describe()}")


def _hold(comment: Comment, *, system: str, rule: str) -> None:
    """Hold a published comment for review, automatically; audited."""
    discussion.comment_set_status(comment=comment, status=Comment.Status.PENDING)
    audit.log(comment, AuditEntry.Action.HELD, system=system, rule=rule)
