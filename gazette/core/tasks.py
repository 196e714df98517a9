"""Background tasks of the shared layer (django-tasks)."""

from __future__ import annotations

from django.dispatch import Signal
from django_tasks import task

from gazette.core import tokens

# Sent once by a worker before it runs its first task (``core.worker``):
# receivers load what their tasks share, so each task need not.
worker_starting = Signal()


@task()
def prune_spent_tokens() -> int:
    """Forget used single-use tokens once they would have expired anyway."""
    return tokens.spent_tokens_prune()
