"""Writes for publishing that run outside the Wagtail editor."""

from __future__ import annotations

import io

from django.core.management import call_command


def scheduled_publish() -> str:
    """Publish pages whose go-live time has come, unpublish expired ones.

    Wagtail's ``publish_scheduled`` command owns the logic (revisions, audit
    log, signals); this is the one place Gazette calls it from, so the task
    worker and a cron line behave the same. Returns the command's report.
    """
    out = io.StringIO()
    call_command("publish_scheduled", stdout=out)
    return out.getvalue()
