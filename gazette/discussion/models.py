"""Threads, comments and votes."""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Thread(models.Model):
    """The comments of one article (key ``page-<id>``) or one embedding page."""

    key = models.CharField(_("key"), max_length=255, unique=True)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=255, blank=True)
    url = models.URLField(_("address"), max_length=2000, blank=True)
    comment_count = models.PositiveIntegerField(_("published comments"), default=0)
    # Bumped by every write to the thread; cached renderings are keyed by it.
    version = models.PositiveBigIntegerField(default=0)
    # True while the thread's page is not shown to everyone (unpublished,
    # expired, private); see discussion/access.py.
    restricted = models.BooleanField(_("restricted"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")

    def __str__(self) -> str:
        return self.title or self.key

    @property
    def mail_name(self) -> str:
        """What mail calls the thread: the article's title, or the embedding site.

        An embed thread's title came from a stranger's first post; mail never
        repeats it in a subject line.
        """
        if self.page_id:
            return self.title or self.key
        from gazette.discussion.origins import site_of

        return site_of(self.url) or settings.WAGTAIL_SITE_NAME

    @property
    def embed_path(self) -> str:
        """The thread's own page, the one embeds frame."""
        return f"/embed/threads/{quote(self.key, safe='')}"


class Comment(models.Model):
    """A comment or a reply. Text is Markdown; ``html`` is rendered once, on save."""

    class Status(models.TextChoices):
        PUBLISHED = "published", _("Published")
        PENDING = "pending", _("Pending review")
        SPAM = "spam", _("Spam")
        REJECTED = "rejected", _("Rejected")
        DELETED = "deleted", _("Deleted")

    thread = models.ForeignKey(
        Thread,
        verbose_name=_("thread"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    # The top-level comment a reply belongs to, so a page of top-level comments
    # and all their replies load in two queries whatever the depth.
    root = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    depth = models.PositiveSmallIntegerField(default=0)
    author_name = models.CharField(_("name"), max_length=200)
    author_email = models.EmailField(_("e-mail"), blank=True)
    # The author proved the address is theirs (a signed-in account, or a link
    # mailed to it and opened in this browser); only then can it earn a badge.
    email_verified = models.BooleanField(_("e-mail verified"), default=False)
    # A mark shown beside the author's name, such as "supporter" for donors.
    author_badge = models.CharField(_("badge"), max_length=20, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    text = models.TextField(_("text"))
    html = models.TextField(_("rendered text"))
    # Inline feedback. ``anchor``: the passage the reader commented on, as W3C
    # Web Annotation selectors, kept as written. ``passage``: the same passage
    # in the article as it reads now (found again on every publish); empty
    # when it is gone, so the comment is "on an earlier version".
    anchor = models.JSONField(_("anchor"), null=True, blank=True)
    passage = models.JSONField(_("passage now"), null=True, blank=True)
    # An answer to an editor's question on a passage.
    question = models.ForeignKey(
        "discussion.InlineQuestion",
        verbose_name=_("answers the question"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="answers",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PUBLISHED
    )
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    # An editors' pick: when a moderator featured it (shown with a badge, and
    # in the thread's "Editors' picks" tab); empty when it is not featured.
    featured_at = models.DateTimeField(_("featured"), null=True, blank=True)
    edit_token_hash = models.CharField(max_length=64, blank=True)
    ip_hash = models.CharField(max_length=64, blank=True)
    upvotes = models.PositiveIntegerField(default=0)
    downvotes = models.PositiveIntegerField(default=0)
    score = models.IntegerField(default=0)
    # Imported comments: where they came from ("disqus:<id>", "wxr:<site>:<id>",
    # …), so a second import adds nothing, and the parent's reference until
    # the parent is found (it may come later in the file, or in another file).
    origin = models.CharField(_("imported from"), max_length=255, blank=True)
    origin_parent = models.CharField(max_length=255, blank=True)
    # A digest of the thread and the Idempotency-Key a client sent with the
    # post: a retried or double-clicked post finds its comment instead of
    # making a second one.
    idempotency_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.UniqueConstraint(
                fields=["origin"],
                condition=~models.Q(origin=""),
                name="one_comment_per_origin",
            ),
            models.UniqueConstraint(
                fields=["idempotency_hash"],
                condition=~models.Q(idempotency_hash=""),
                name="one_comment_per_idempotency_key",
            ),
        ]
        indexes = [
            models.Index(fields=["thread", "status", "parent", "created_at"]),
            models.Index(fields=["thread", "status", "parent", "score", "created_at"]),
            models.Index(fields=["root", "status"]),
            models.Index(fields=["origin"]),
        ]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.text[:40]}"

    @property
    def is_deleted(self) -> bool:
        return self.status == self.Status.DELETED


class InlineQuestion(models.Model):
    """An editor's question on a passage of an article; readers answer in place."""

    thread = models.ForeignKey(
        Thread,
        verbose_name=_("thread"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    text = models.CharField(_("question"), max_length=300)
    anchor = models.JSONField(_("passage as written"))
    passage = models.JSONField(_("passage now"), null=True, blank=True)
    is_open = models.BooleanField(
        _("open for answers"),
        default=True,
        help_text=_("A closed question stays shown but takes no answers."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("asked"), default=timezone.now)

    class Meta:
        verbose_name = _("inline question")
        verbose_name_plural = _("inline questions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text

    @property
    def quote(self) -> str:
        return str((self.passage or self.anchor)["selector"][0]["exact"])


class Vote(models.Model):
    """One reader's vote on one comment: +1 or -1."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="votes")
    voter = models.CharField(max_length=80)
    value = models.SmallIntegerField()
    ip_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "voter"], name="one_vote_per_reader"
            ),
            models.CheckConstraint(
                condition=models.Q(value__in=[-1, 1]), name="vote_is_up_or_down"
            ),
        ]
        indexes = [models.Index(fields=["comment", "ip_hash"])]

    def __str__(self) -> str:
        return f"{self.voter} {self.value:+d} on {self.comment_id}"
