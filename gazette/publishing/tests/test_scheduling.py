"""Scheduled publishing, run by the task worker or a cron line."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from gazette.publishing.models import ArticlePage
from gazette.publishing.tasks import publish_scheduled
from gazette.publishing.tests import factories

pytestmark = pytest.mark.django_db


def _schedule(seconds_from_now: float) -> ArticlePage:
    page = factories.article(title="Embargoed story", publish=False)
    page.go_live_at = timezone.now() + timedelta(seconds=seconds_from_now)
    page.save_revision().publish()  # with go_live_at in the future: scheduled
    page.refresh_from_db()
    assert not page.live
    return page


def test_task_publishes_an_article_whose_time_has_come() -> None:
    page = _schedule(seconds_from_now=1)
    time.sleep(1.2)

    publish_scheduled.enqueue()

    page.refresh_from_db()
    assert page.live


def test_task_leaves_a_future_article_scheduled() -> None:
    page = _schedule(seconds_from_now=600)

    publish_scheduled.enqueue()

    page.refresh_from_db()
    assert not page.live


def test_scheduler_once_enqueues_the_publishing_task(
    capsys: pytest.CaptureFixture[str],
) -> None:
    page = _schedule(seconds_from_now=1)
    time.sleep(1.2)

    call_command("run_scheduler", "--once")

    assert "enqueued" in capsys.readouterr().out
    page.refresh_from_db()
    assert page.live
