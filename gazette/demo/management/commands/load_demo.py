"""``manage.py load_demo``: load The Valmora Ledger, the demo newsroom."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gazette.demo.loader import (
    DEMO_ADMIN_PASSWORD,
    DEMO_ADMIN_USERNAME,
    demo_load,
)


class Command(BaseCommand):
    help = "Load the demo newsroom (idempotent: a second run changes nothing)."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.GAZETTE_ENV == "production":
            raise CommandError(
                "The demo newsroom is not for production: it creates an admin account "
                "with a published password."
            )
        # Wagtail logs every page it creates; the summary below is enough here.
        logging.getLogger("wagtail").setLevel(logging.WARNING)
        report = demo_load()
        if report.total:
            summary = ", ".join(
                f"{n} {kind}" for kind, n in sorted(report.created.items())
            )
            self.stdout.write(self.style.SUCCESS(f"Demo newsroom loaded: {summary}."))
        else:
            self.stdout.write("Demo newsroom already loaded; nothing changed.")
        self.stdout.write(
            f"Demo admin login: {DEMO_ADMIN_USERNAME} / {DEMO_ADMIN_PASSWORD}"
        )
