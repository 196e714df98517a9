"""Funding's receivers, connected in ``apps.ready``."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from gazette.discussion import signals as discussion
from gazette.discussion.models import Comment
from gazette.funding import badges, selectors, totals
from gazette.funding.models import Drive


def drive_changed(sender: Any, instance: Drive, **kwargs: Any) -> None:
    """A drive was saved or deleted: the banner and its totals are read again."""
    drive_id = instance.pk

    def refresh() -> None:
        selectors.featured_changed()
        totals.invalidate(drive_id)

    transaction.on_commit(refresh)


def comment_badge(sender: Any, comment: Comment, **kwargs: Any) -> None:
    """A donor who asked for the badge posted with their verified address."""
    if (
        comment.email_verified
        and not comment.author_badge
        and badges.is_supporter(comment.author_email)
    ):
        badges.badge_refresh(comment.author_email)


def connect() -> None:
    discussion.comment_posted.connect(comment_badge, dispatch_uid="funding-badge")
    post_save.connect(drive_changed, sender=Drive, dispatch_uid="funding-drive-saved")
    post_delete.connect(drive_changed, sender=Drive, dispatch_uid="funding-drive-gone")
