"""Background tasks for readers (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from gazette.readers import signin


@task()
def prune_sign_in_requests() -> int:
    """Periodic: forget sign-in mails a day after they stopped working."""
    return signin.requests_prune()
