"""Saving a drive: featuring one drive takes the banner from the other."""

from __future__ import annotations

from gazette.core.db import write_transaction
from gazette.funding.models import Drive


def drive_save(drive: Drive) -> Drive:
    """Save the drive; if it is featured, no other drive stays featured."""
    with write_transaction():
        if drive.featured:
            Drive.objects.filter(featured=True).exclude(pk=drive.pk).update(
                featured=False
            )
        drive.save()
    return drive
