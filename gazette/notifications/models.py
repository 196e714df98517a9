"""Readers' "Notify of" subscriptions to a thread."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Subscription(models.Model):
    """One address following one thread: every new comment, or replies to theirs."""

    class Kind(models.TextChoices):
        THREAD = "thread", _("New follow-up comments")
        REPLIES = "replies", _("New replies to my comments")

    email = models.EmailField(_("e-mail"))
    thread = models.ForeignKey(
        "discussion.Thread",
        verbose_name=_("thread"),
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    kind = models.CharField(_("notify of"), max_length=10, choices=Kind.choices)
    # The language the reader used when asking; their mail is written in it.
    language = models.CharField(_("language"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # Guests confirm by a mailed link (double opt-in); until then no mail but that.
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    # The digest: the newest comment already mailed about, and when.
    last_comment_id = models.BigIntegerField(default=0)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["email", "thread", "kind"], name="one_subscription_per_kind"
            )
        ]
        indexes = [models.Index(fields=["thread", "confirmed_at"])]

    def __str__(self) -> str:
        return f"{self.email} → {self.thread} ({self.kind})"
