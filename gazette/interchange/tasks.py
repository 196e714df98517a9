"""Imports started from the admin run as background tasks."""

from __future__ import annotations

from pathlib import Path

from django.utils import timezone
from django_tasks import task

from gazette.interchange.errors import ImportFailed
from gazette.interchange.models import ImportRun
from gazette.interchange.reports import describe
from gazette.interchange.services import import_file


@task()
def run_import(run_id: int) -> str:
    """Import an uploaded file; the run keeps the report, the file is deleted."""
    claimed = ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.QUEUED)
    if not claimed.update(status=ImportRun.Status.RUNNING):
        return "already taken"
    run = ImportRun.objects.get(pk=run_id)
    try:
        summary = import_file(
            run.format,
            Path(run.upload.path),
            dry_run=run.dry_run,
            pingbacks=run.pingbacks,
        )
    except ImportFailed as failed:
        run.status, run.report = ImportRun.Status.FAILED, failed.message
    else:
        run.status, run.report = ImportRun.Status.DONE, describe(summary)
        run.imported = 0 if run.dry_run else summary.total
    finally:
        run.upload.delete(save=False)
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "report", "imported", "finished_at", "upload"])
    return str(run.status)
