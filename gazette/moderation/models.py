"""Moderation: each comment's record, policies, banned terms, bans, reports, audit."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gazette.discussion.models import Comment


class ModerationRecord(models.Model):
    """Why the pipeline decided what it did about one comment, and its priority."""

    comment = models.OneToOneField(
        Comment, on_delete=models.CASCADE, primary_key=True, related_name="moderation"
    )
    toxicity = models.FloatField(_("toxicity"), null=True, blank=True)
    scorer = models.CharField(_("scorer"), max_length=80, blank=True)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    # The guest's browser id (or "u:<id>"), for the ban-evasion signal; never shown.
    reader = models.CharField(max_length=80, blank=True, db_index=True)
    # The text with case, spacing and punctuation ignored, hashed: finds the same
    # comment posted again without reading every recent comment.
    text_hash = models.CharField(max_length=64, blank=True, db_index=True)
    flag_count = models.PositiveIntegerField(_("reports"), default=0)
    priority = models.FloatField(_("priority"), default=0, db_index=True)
    kinds = models.JSONField(_("score per kind of harm"), default=dict, blank=True)
    submitted_anyway = models.BooleanField(
        _("posted after the nudge"),
        default=False,
        help_text=_("The author was warned the comment may be uncivil and posted it."),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    class Meta:
        verbose_name = _("moderation record")
        verbose_name_plural = _("moderation records")
        permissions = [("moderate_comments", _("Can moderate comments"))]

    def __str__(self) -> str:
        return f"moderation of comment {self.comment_id}"


class Policy(models.Model):
    """How comments are moderated: site-wide (no page), or for a section or article.

    Blank fields inherit from the nearest policy above (article → section →
    site → settings), so an article can close comments and keep the rest.
    """

    class Mode(models.TextChoices):
        THRESHOLD = "threshold", _("Publish, hold above the toxicity threshold")
        FIRST = "first", _("Pre-moderate first comments from new commenters")
        ALL = "all", _("Pre-moderate every comment")

    page = models.OneToOneField(
        "wagtailcore.Page",
        verbose_name=_("section or article"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Leave empty for the site-wide policy."),
    )
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices, blank=True)
    hold_threshold = models.FloatField(
        _("hold threshold"),
        null=True,
        blank=True,
        help_text=_("Toxicity from 0 to 1 above which a comment waits for review."),
    )
    comments_closed = models.BooleanField(_("comments closed"), null=True, blank=True)
    close_after_days = models.PositiveIntegerField(
        _("close comments after (days)"), null=True, blank=True
    )
    reports_to_hold = models.PositiveSmallIntegerField(
        _("reports to hold"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "How much readers' reports must weigh to hold a comment for review "
            "(a guest's report counts 1, a proven address's or an account's 2; "
            "one network counts once). A trusted commenter's comment is never "
            "hidden by reports alone."
        ),
    )
    allowed_kinds = models.JSONField(
        _("kinds of harm allowed"),
        null=True,
        blank=True,
        help_text=_(
            "Kinds published whatever their score; the rest are held above the "
            "threshold. Empty inherits (the default allows profanity aimed at no "
            "one, as most newsrooms do)."
        ),
    )
    other_languages = models.CharField(
        _("languages without a model"),
        max_length=8,
        blank=True,
        choices=[("hold", _("Hold for review")), ("publish", _("Publish"))],
        help_text=_(
            "What happens to a comment in a language no scorer reads. Empty inherits."
        ),
    )
    who_may_comment = models.CharField(
        _("who may comment"),
        max_length=16,
        blank=True,
        choices=[
            ("everyone", _("Everyone, guests too")),
            ("guests_held", _("Everyone; guests' comments are pre-moderated")),
            ("accounts", _("Signed-in readers only")),
        ],
        help_text=_("Empty inherits."),
    )
    new_account_hours = models.PositiveIntegerField(
        _("pre-moderate new accounts for (hours)"),
        null=True,
        blank=True,
        help_text=_(
            "Comments from accounts younger than this wait for review; 0 turns "
            "it off. Empty inherits."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("moderation policy")
        verbose_name_plural = _("moderation policies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hold_threshold__isnull=True)
                | models.Q(hold_threshold__gte=0, hold_threshold__lte=1),
                name="hold_threshold_in_0_1",
            ),
            # One site-wide policy: the page's id, or 0 for "no page", is unique.
            models.UniqueConstraint(
                Coalesce("page", models.Value(0)), name="one_policy_per_page"
            ),
        ]

    def __str__(self) -> str:
        return str(self.page) if self.page_id else str(_("Site-wide policy"))

    def clean(self) -> None:
        from gazette.moderation.scoring.kinds import KINDS

        kinds = self.allowed_kinds
        if kinds is None:
            return
        known = {*KINDS, "none"}
        if not isinstance(kinds, list) or not all(k in known for k in kinds):
            raise ValidationError(
                {
                    "allowed_kinds": _("Choose kinds from: %(kinds)s.")
                    % {"kinds": ", ".join(sorted(known))}
                }
            )


class BannedTerm(models.Model):
    """A word or phrase that holds a comment. ``*`` at either end is a wildcard."""

    term = models.CharField(
        _("word or phrase"),
        max_length=100,
        unique=True,
        help_text=_(
            "Matched as whole words, ignoring case and look-alike characters. "
            "Put * at the start or end to match more: idiot* matches idiots."
        ),
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("banned word or phrase")
        verbose_name_plural = _("banned words and phrases")
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term


class Ban(models.Model):
    """Keeps an account, an e-mail address or a network from commenting."""

    class Kind(models.TextChoices):
        USER = "user", _("Account")
        EMAIL = "email", _("E-mail address")
        IP = "ip", _("Network (IP hash)")
        READER = "reader", _("Browser")

    kind = models.CharField(_("what"), max_length=8, choices=Kind.choices)
    value = models.CharField(_("value"), max_length=254)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    expires_at = models.DateTimeField(
        _("until"), null=True, blank=True, help_text=_("Empty: for good.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("banned"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ban")
        verbose_name_plural = _("bans")
        indexes = [models.Index(fields=["kind", "value"])]

    def __str__(self) -> str:
        shown = self.value[:12] + "…" if self.kind == self.Kind.IP else self.value
        return f"{self.get_kind_display()}: {shown}"


class Flag(models.Model):
    """A reader's report of a comment."""

    class Reason(models.TextChoices):
        ABUSIVE = "abusive", _("Abusive or hateful")
        SPAM = "spam", _("Spam")
        OFF_TOPIC = "off_topic", _("Off-topic")
        PERSONAL = "personal", _("Reveals personal information")
        OTHER = "other", _("Something else")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="flags")
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    text = models.CharField(_("details"), max_length=500, blank=True)
    reporter = models.CharField(max_length=80)
    # Where the reporter asked to hear the decision (or their account's
    # address); emptied once the decision is sent. Never shown.
    notify_email = models.EmailField(blank=True)
    # What came of it: "removed" or "kept", set by a moderator's decision.
    outcome = models.CharField(max_length=8, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    ip_hash = models.CharField(max_length=64, blank=True)
    # What the report counts for: who made it (see moderation/reports.py).
    weight = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(_("reported"), default=timezone.now)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter"], name="one_report_per_reader"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} on {self.comment_id}"


class AuditEntry(models.Model):
    """One moderation decision, by a person or by Gazette itself. Never edited."""

    class Action(models.TextChoices):
        PUBLISHED = "published", _("Published")
        HELD = "held", _("Held for review")
        SPAM = "spam", _("Marked as spam")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        REPORTED = "reported", _("Reported")
        BANNED = "banned", _("Banned")
        UNBANNED = "unbanned", _("Ban lifted")
        RULES = "rules", _("Rules changed")
        ERASED = "erased", _("Reader's data erased")
        FEATURED = "featured", _("Featured as an editors' pick")
        UNFEATURED = "unfeatured", _("No longer an editors' pick")
        APPEALED = "appealed", _("Appealed by the author")
        REINSTATED = "reinstated", _("Reinstated on appeal")
        UPHELD = "upheld", _("Decision upheld on appeal")

    comment = models.ForeignKey(
        Comment,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # "pipeline", "reader reports", … when no person decided.
    system = models.CharField(_("automatic"), max_length=40, blank=True)
    rule = models.CharField(_("rule"), max_length=200, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        who = self.actor or self.system
        return f"{self.get_action_display()} by {who}"

    @property
    def who(self) -> str:
        if self.actor_id and self.actor:
            return str(self.actor.get_full_name() or self.actor.get_username())
        return self.system


class Appeal(models.Model):
    """An author's appeal of a moderator's decision: one per decision.

    A different moderator than the one who decided decides it; the outcome is
    mailed to the author and logged.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for a moderator")
        REINSTATED = "reinstated", _("Reinstated")
        UPHELD = "upheld", _("Decision upheld")

    decision = models.OneToOneField(
        AuditEntry, on_delete=models.PROTECT, related_name="appeal"
    )
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("why it should be published"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("appealed"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    outcome_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"appeal of comment {self.comment_id}"
