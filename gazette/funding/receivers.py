"""Funding's receivers, connected in ``apps.ready``."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from gazette.funding import selectors, totals
from gazette.funding.models import Drive


def drive_changed(sender: Any, instance: Drive, **kwargs: Any) -> None:
    """A drive was saved or deleted: the banner and its totals are read again."""
    drive_id = instance.pk

    def refresh() -> None:
        selectors.featured_changed()
        totals.invalidate(drive_id)

    transaction.on_commit(refresh)


def connect() -> None:
    post_save.connect(drive_changed, sender=Drive, dispatch_uid="funding-drive-saved")
    post_delete.connect(drive_changed, sender=Drive, dispatch_uid="funding-drive-gone")
