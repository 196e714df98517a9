"""Background tasks for readers (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from gazette.readers import signin, sso


@task()
def prune_sign_in_requests() -> int:
    """Periodic: forget sign-in mails a day after they stopped working, and
    single sign-on token ids once their tokens have expired."""
    return signin.requests_prune() + sso.tokens_prune()
