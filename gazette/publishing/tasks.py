"""Background tasks for publishing (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from gazette.publishing import services


@task()
def publish_scheduled() -> str:
    """Run scheduled publishing; enqueued every minute by ``run_scheduler``."""
    return services.scheduled_publish()
