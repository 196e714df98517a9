"""Enqueue periodic tasks: the clock beside the task worker.

django-tasks has no periodic scheduler of its own, so this small loop
enqueues each periodic task every ``GAZETTE_SCHEDULER_INTERVAL`` seconds and
the worker runs it. Run exactly one scheduler per installation (the cron
line in the README is the alternative).
"""

from __future__ import annotations

import signal
import threading
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = (
        "Enqueue Gazette's periodic tasks (scheduled publishing, mail digests) "
        "at a fixed interval."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once",
            action="store_true",
            help="Enqueue each periodic task once and exit.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()

        def request_stop(signum: int, frame: FrameType | None) -> None:
            stop.set()

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        while not stop.is_set():
            for periodic in map(import_string, settings.GAZETTE_PERIODIC_TASKS):
                result = periodic.enqueue()
                self.stdout.write(f"enqueued {periodic.name} ({result.id})")
            if options["once"]:
                return
            stop.wait(settings.GAZETTE_SCHEDULER_INTERVAL)
