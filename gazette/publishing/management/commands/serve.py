"""Run the one-machine profile: the ASGI server, a task worker and the scheduler.

``make run`` calls this. Each part is its own process, as in production; the
command prints where the site is, waits, and stops all of them together when
any one exits or on Ctrl-C.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def _exit(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


def _workers() -> list[list[str]]:
    """The task workers: the database queue's alone, or RQ's and the fallback's."""
    if not settings.REDIS_URL:
        return [["db_worker"]]
    return [
        ["rqworker", "--job-class", "django_tasks_rq.Job", "default"],
        # Drains what waited in the database while Redis was away.
        ["db_worker", "--backend", "fallback"],
    ]


class Command(BaseCommand):
    help = "Serve Gazette with uvicorn, a django-tasks worker and the scheduler."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=settings.GAZETTE_PORT)
        parser.add_argument(
            "--no-worker", action="store_true", help="Do not start the worker."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.DEBUG and options["host"] not in LOOPBACK:
            raise CommandError(
                f"DEBUG is on: serve on 127.0.0.1 only, not {options['host']}. "
                "Debug pages show the settings to anyone who can reach them; "
                "set DEBUG=false to serve on another address."
            )
        python = sys.executable
        manage = [python, str(settings.BASE_DIR / "manage.py")]
        commands = [
            [
                python,
                "-m",
                "uvicorn",
                "config.asgi:application",
                "--host",
                options["host"],
                "--port",
                str(options["port"]),
                "--no-access-log" if not settings.DEBUG else "--access-log",
                # Open event streams never finish by themselves; on shutdown
                # they are closed after this, and browsers reconnect.
                "--timeout-graceful-shutdown",
                "5",
            ],
        ]
        if not options["no_worker"]:
            commands += [[*manage, *worker] for worker in _workers()]
            commands += [[*manage, "run_scheduler"]]
        # Our own fixed argument lists: nothing here comes from user input.
        processes = [
            subprocess.Popen(command, cwd=settings.BASE_DIR)  # noqa: S603
            for command in commands
        ]
        # A SIGTERM (systemd, timeout, kill) ends the children too.
        signal.signal(signal.SIGTERM, _exit)
        url = f"http://{options['host']}:{options['port']}/"
        self.stdout.write(self.style.SUCCESS(f"Gazette is running at {url}"))
        self.stdout.write(f"Editors sign in at {url}admin/")
        try:
            while all(process.poll() is None for process in processes):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            for process in processes:
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in processes:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
