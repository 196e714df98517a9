"""Moderation's stages of the posting pipeline: spam signals → toxicity → policy.

Discussion runs validate → guard → decide → save; ``decide`` lands here and
reads top to bottom. Each stage adds its reasons; ``record`` keeps them, the
score and an audit entry beside the comment, in the comment's transaction.
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from gazette.core import sql
from gazette.discussion.errors import (
    Banned,
    CommentsClosed,
    Reconsider,
    SignInRequired,
)
from gazette.discussion.models import Comment
from gazette.discussion.pipeline import Decision, Draft
from gazette.moderation import audit, bans, context, history, rules, scoring
from gazette.moderation.models import AuditEntry, ModerationRecord
from gazette.moderation.policies import EffectivePolicy, policy_for
from gazette.moderation.scoring import kinds, language

_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)
_WORDS = re.compile(r"\w+")
_REPEAT_LOOKUPS = 200  # earlier posts of the same text compared
REPORT_PRIORITY = 25.0  # how much each reader's report moves a comment up the queue
PUBLISHED, PENDING, SPAM = (
    Comment.Status.PUBLISHED,
    Comment.Status.PENDING,
    Comment.Status.SPAM,
)


@dataclass
class Signals:
    """What the stages found: reasons to hold, reasons to mark as spam."""

    hold: list[str] = field(default_factory=list)
    spam: list[str] = field(default_factory=list)


def check_bans(draft: Draft, known: rules.Rules) -> None:
    """Refuse authors, e-mail addresses, networks and browsers that are banned."""
    ban = bans.active_ban(
        known,
        user=draft.user,
        email=draft.author_email,
        ip_hash=draft.ip_hash,
        reader=draft.reader,
    )
    if ban is None:
        return
    if ban.expires_at:
        until = formats.date_format(
            timezone.localtime(ban.expires_at), "DATETIME_FORMAT"
        )
        message = _("You cannot comment until %(until)s.") % {"until": until}
    else:
        message = _("You cannot comment on this site.")
    raise Banned(message)


def spam_signals(draft: Draft, known: rules.Rules) -> Signals:
    """Stage: cheap signals of spam and flooding."""
    found = Signals()
    if draft.from_form and draft.rendered_at is None:
        found.hold.append("no valid form time stamp")
    elif draft.rendered_at is not None:
        waited = time.time() - draft.rendered_at
        if 0 <= waited < settings.GAZETTE_MODERATION_MIN_SUBMIT_SECONDS:
            found.hold.append(f"posted {waited:.1f} s after the form was shown")
    links = len(_LINK.findall(draft.text))
    if links > settings.GAZETTE_MODERATION_MAX_LINKS:
        found.hold.append(f"{links} links")
    if _repeated(draft):
        found.spam.append("same text posted again within a day")
    for term in known.terms.find(draft.text):
        found.hold.append(f"banned phrase: {term}")
    return found


def _repeated(draft: Draft) -> bool:
    """The same author, network or browser posted this text in the last day.

    One indexed lookup by the text's hash; who posted it is compared here, not
    in SQL, since the same text is rarely posted often.
    """
    email = draft.author_email.lower()
    if not (email or draft.ip_hash or draft.reader):
        return False
    since = timezone.now() - timedelta(days=1)
    earlier = sql.execute(
        _SAME_TEXT.format(
            records=sql.table(ModerationRecord), comments=sql.table(Comment)
        ),
        [
            text_hash(draft.text),
            _CREATED.get_db_prep_value(since, connection),
            draft.editing.pk if draft.editing is not None else 0,
            _REPEAT_LOOKUPS,
        ],
    )
    return any(
        (email and their_email.lower() == email)
        or (draft.ip_hash and their_ip == draft.ip_hash)
        or (draft.reader and their_reader == draft.reader)
        for their_email, their_ip, their_reader in earlier
    )


# Plain SQL: every post runs it (see core/sql.py).
_SAME_TEXT = (
    "SELECT c.author_email, c.ip_hash, r.reader FROM {records} r "
    "JOIN {comments} c ON c.id = r.comment_id "
    "WHERE r.text_hash = %s AND c.created_at >= %s AND r.comment_id <> %s "
    "LIMIT %s"
)
_CREATED = Comment._meta.get_field("created_at")


def text_hash(text: str) -> str:
    """A hash of the text with case, punctuation and spacing ignored (digits kept)."""
    key = " ".join(_WORDS.findall(text.lower()))
    return hashlib.sha256(key.encode()).hexdigest()


def decide(draft: Draft, policy: EffectivePolicy, found: Signals) -> Decision:
    """Stage: the score per kind of harm, then the newsroom's policy."""
    written_in = language.detect(draft.text)
    reading = scoring.read(draft.text, written_in)
    if reading is None:
        return _unscored(draft, policy, found, written_in)
    # Aimed at a commenter is the worst case: only a comment that would be
    # held then needs the thread read to know whom it is aimed at.
    assessment = reading.assess(draft.text, kinds.WORST_CASE)
    kind, toxicity = assessment.harm(policy.allowed_kinds)
    if toxicity >= min(
        policy.hold_threshold, settings.GAZETTE_MODERATION_TRUSTED_THRESHOLD
    ):
        assessment = reading.assess(draft.text, context.of(draft))
        kind, toxicity = assessment.harm(policy.allowed_kinds)
    reasons = [*draft.reasons, *found.hold, *found.spam, f"toxicity {toxicity:.2f}"]
    if toxicity >= 0.2 and kind:
        reasons.append(f"{kind} {toxicity:.2f}" + _aimed(assessment.aim))
    standing: history.Standing | None = None

    def outcome(status: str, rule: str) -> Decision:
        return Decision(
            status,
            tuple(reasons),
            rule=rule,
            toxicity=toxicity,
            priority=priority(toxicity, standing=standing),
            kinds=assessment.rounded(),
            scorer=reading.scorer.name,
        )

    if found.spam:
        return outcome(SPAM, "spam signals")
    held_by_policy = _held_by_policy(draft, policy)
    if (
        toxicity < policy.hold_threshold
        and not found.hold
        and policy.mode == "threshold"
        and not held_by_policy
    ):
        # The common case: nothing about the author could change the outcome.
        return outcome(PUBLISHED, f"toxicity < {policy.hold_threshold:.2f}")
    who = history.identity(
        user=draft.user,
        email=draft.author_email,
        verified=draft.email_verified,
        reader=draft.reader,
    )
    standing = history.standing(
        who, exclude=draft.editing.pk if draft.editing else None
    )
    limit = (
        settings.GAZETTE_MODERATION_TRUSTED_THRESHOLD
        if standing.trusted
        else policy.hold_threshold
    )
    if toxicity >= limit:
        if not draft.confirmed:
            raise _nudge(draft, reading, assessment, kind)
        reasons.append("posted after the nudge")
        return outcome(PENDING, f"{kind} ≥ {limit:.2f}")
    if found.hold:
        return outcome(PENDING, "spam signals")
    if policy.mode == "all":
        return outcome(PENDING, "policy: pre-moderate every comment")
    if held_by_policy:
        return outcome(PENDING, held_by_policy)
    if standing.trusted:
        reasons.append(f"trusted commenter ({standing.approved} approved)")
        return outcome(PUBLISHED, "trusted commenter")
    if policy.mode == "first" and standing.is_new:
        return outcome(PENDING, "policy: pre-moderate first comments")
    return outcome(PUBLISHED, f"toxicity < {limit:.2f}")


def _signed_in(draft: Draft) -> bool:
    return draft.user is not None and draft.user.is_authenticated


def _held_by_policy(draft: Draft, policy: EffectivePolicy) -> str:
    """The policy's rule that holds this author's comments, or ""."""
    if not _signed_in(draft):
        if policy.who_may_comment == "guests_held":
            return "policy: pre-moderate guests"
        return ""
    hours = policy.new_account_hours
    joined = getattr(draft.user, "date_joined", None)
    if hours and joined and joined > timezone.now() - timedelta(hours=hours):
        return f"policy: pre-moderate accounts younger than {hours} h"
    return ""


def _aimed(aim: str) -> str:
    return {"commenter": ", aimed at a commenter", "reader": ", addressed to you"}.get(
        aim, ""
    )


def _unscored(
    draft: Draft, policy: EffectivePolicy, found: Signals, found_language: str
) -> Decision:
    """No scorer reads the comment's language: the policy's choice, stated."""
    reasons = [
        *draft.reasons,
        *found.hold,
        *found.spam,
        f"no model for {found_language}",
    ]
    if found.spam:
        return Decision(SPAM, tuple(reasons), rule="spam signals")
    if found.hold or policy.other_languages == "hold" or policy.mode == "all":
        return Decision(
            PENDING,
            tuple(reasons),
            rule=f"policy: hold languages without a model ({found_language})",
            priority=50.0,
        )
    return Decision(
        PUBLISHED,
        tuple(reasons),
        rule=f"policy: publish languages without a model ({found_language})",
    )


def _nudge(
    draft: Draft, reading: scoring.Reading, assessment: kinds.Assessment, kind: str
) -> Reconsider:
    flagged = assessment.words.get(kind) or tuple(
        reading.scorer.flagged(draft.text, kind)
    )
    reads_as = kinds.READS_AS.get(kind, "")
    message = " ".join(
        part
        for part in (
            str(reads_as),
            _(
                "You can edit your comment, or post it anyway and a moderator "
                "will review it first."
            ),
        )
        if part
    )
    detail = (
        _("Words that may offend: %(words)s.") % {"words": ", ".join(flagged)}
        if flagged
        else _("Please check the tone of your comment.")
    )
    return Reconsider(message, errors={"text": detail}, flagged=flagged, kind=kind)


class Moderator:
    """Gazette's moderator (``GAZETTE_MODERATOR``): the stages above, in order."""

    writes_in_batch = True  # record() writes with core.sql only

    def closed_reason(self, thread_key: str) -> str:
        if policy_for(thread_key).is_closed():
            return str(_("Comments are closed on this article."))
        return ""

    def sign_in_required(self, thread_key: str) -> bool:
        """Whether only signed-in readers may comment on the thread."""
        return policy_for(thread_key).who_may_comment == "accounts"

    def decide(self, draft: Draft) -> Decision:
        known = rules.current()
        policy = policy_for(draft.thread_key, known)
        if policy.is_closed():
            raise CommentsClosed(_("Comments are closed on this article."))
        if policy.who_may_comment == "accounts" and not _signed_in(draft):
            raise SignInRequired(_("Sign in to comment on this article."))
        check_bans(draft, known)
        return decide(draft, policy, spam_signals(draft, known))

    def record(self, comment: Comment, draft: Draft, decision: Decision) -> None:
        """Keep the score, reasons and reader beside the comment; audit the decision."""
        action = (
            AuditEntry.Action.PUBLISHED
            if comment.status == PUBLISHED
            else audit.ACTION_FOR_STATUS[comment.status]
        )
        record = (
            ModerationRecord(comment=comment)
            if draft.editing is None
            else ModerationRecord.objects.get_or_create(comment=comment)[0]
        )
        record.toxicity = decision.toxicity
        record.scorer = decision.scorer
        record.kinds = decision.kinds
        record.reasons = list(decision.reasons)
        record.reader = draft.reader or record.reader
        record.text_hash = text_hash(draft.text)
        record.submitted_anyway = draft.confirmed and comment.status == PENDING
        record.priority = decision.priority + record.flag_count * REPORT_PRIORITY
        if draft.editing is None:
            sql.insert(record)
        else:
            record.save()
        audit.log(
            comment,
            action,
            system="pipeline",
            rule=decision.rule,
            reason=("edited; " if draft.editing else "") + ", ".join(decision.reasons),
        )


def priority(toxicity: float, *, standing: history.Standing | None) -> float:
    """Queue order: the likelier abusive, and the worse the author's record, the sooner.

    Each reader's report adds ``REPORT_PRIORITY`` later.
    """
    if standing is None:
        return round(toxicity * 100, 3)
    record = 10 * standing.recent_rejections - min(standing.approved, 10)
    return round(toxicity * 100 + record, 3)
