"""The RQ worker Gazette runs (``settings.RQ["WORKER_CLASS"]``).

RQ forks a fresh process for every task, so whatever a task loads on first
use (the moderation models, about a second's work) would be loaded again for
every comment. This worker has each app load what its tasks share once, in
the parent, before the first fork; each task's process then starts with it
(copy-on-write). Apps connect to ``core.tasks.worker_starting``; a receiver must not
leave a database connection open, and this worker closes them all anyway.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import connections
from rq import Worker as RQWorker

from gazette.core.tasks import worker_starting

logger = logging.getLogger(__name__)


def warm() -> None:
    """Have every app load what its tasks share; a failure only costs speed."""
    for receiver, result in worker_starting.send_robust(sender=Worker):
        if isinstance(result, Exception):
            logger.warning("Could not warm %s: %s", receiver, result)
    connections.close_all()


class Worker(RQWorker):
    def work(self, *args: Any, **kwargs: Any) -> bool:
        warm()
        result: bool = super().work(*args, **kwargs)
        return result
