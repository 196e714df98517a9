"""Background tasks of the shared layer (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from gazette.core import tokens


@task()
def prune_spent_tokens() -> int:
    """Forget used single-use tokens once they would have expired anyway."""
    return tokens.spent_tokens_prune()
