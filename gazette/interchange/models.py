"""An import started from the admin: the upload, and what came of it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Format(models.TextChoices):
        WXR = "wxr", _("WordPress (WXR)")
        DISQUS = "disqus", _("Disqus (XML)")
        ISSO = "isso", _("Isso (SQLite database)")
        GAZETTE = "gazette", _("Gazette (JSON Lines)")

    # Deleted once imported: it holds readers' addresses.
    upload = models.FileField(_("file"), upload_to="imports/", blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    dry_run = models.BooleanField(
        _("dry run"), default=False, help_text=_("Report what would happen only.")
    )
    pingbacks = models.BooleanField(
        _("keep pingbacks"), default=False, help_text=_("WordPress only.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    report = models.TextField(_("report"), blank=True)
    imported = models.PositiveIntegerField(_("comments imported"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"
