"""The RQ worker loads what tasks share once, before it forks each task."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from gazette.core import worker
from gazette.core.tasks import worker_starting
from gazette.moderation import context
from gazette.moderation.scoring import encoder, language


def test_a_starting_worker_loads_the_moderation_models(settings: Any) -> None:
    settings.GAZETTE_TOXICITY_BACKGROUND_SCORER = (
        "gazette.moderation.scoring.contextual.ContextualScorer"
    )
    encoder._model = None
    language._identifier = None
    context.common_words.cache_clear()

    worker.warm()

    assert encoder._model is not None
    assert language._identifier is not None
    assert context.common_words.cache_info().currsize == 1


@pytest.mark.django_db(transaction=True)
def test_a_receiver_that_fails_costs_speed_not_the_worker(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(sender: Any, **kwargs: Any) -> None:
        raise RuntimeError("no weights here")

    worker_starting.connect(broken, dispatch_uid="test-broken")
    try:
        connection.ensure_connection()
        worker.warm()
    finally:
        worker_starting.disconnect(dispatch_uid="test-broken")

    assert "no weights here" in caplog.text
    # No connection is left open for the forked tasks to share.
    assert connection.connection is None
