"""manage.py import_comments --format wxr|disqus|isso|gazette [--dry-run] FILE"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gazette.interchange.errors import ImportFailed
from gazette.interchange.loader import Summary
from gazette.interchange.reports import describe
from gazette.interchange.services import FORMATS, import_file
from gazette.publishing.models import SectionPage


class Command(BaseCommand):
    help = "Import comments from WordPress (WXR), Disqus, Isso or a Gazette export."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", required=True, choices=FORMATS)
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Read everything and report what would happen; write nothing.",
        )
        parser.add_argument(
            "--site",
            default="",
            help="WXR: a name for the site (default: its address in the file).",
        )
        parser.add_argument(
            "--pingbacks",
            action="store_true",
            help="WXR: keep pingbacks and trackbacks.",
        )
        parser.add_argument(
            "--articles",
            metavar="SECTION",
            default="",
            help="WXR: make each post an article in this section (its slug).",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        section = None
        if options["articles"]:
            if options["format"] != "wxr":
                raise CommandError("--articles is for WordPress (--format wxr) files.")
            section = SectionPage.objects.filter(slug=options["articles"]).first()
            if section is None:
                raise CommandError(f"There is no section {options['articles']!r}.")
        started = time.monotonic()
        show = not options["no_progress"] and sys.stderr.isatty()
        try:
            summary = import_file(
                options["format"],
                path,
                dry_run=options["dry_run"],
                site=options["site"],
                pingbacks=options["pingbacks"],
                progress=self._bar(started) if show else None,
                articles_in=section,
            )
        except ImportFailed as failed:
            raise CommandError(
                f"{path}: {failed.message} Nothing was imported."
            ) from None
        if show:
            sys.stderr.write("\n")
        elapsed = time.monotonic() - started
        self.stdout.write(describe(summary))
        self.stdout.write(
            f"{summary.total:,} comments in {elapsed:.1f} s "
            f"({summary.total / max(elapsed, 1e-6):,.0f} comments/s)."
        )

    def _bar(self, started: float) -> Any:
        def draw(summary: Summary, done: float) -> None:
            width = 30
            filled = int(done * width)
            rate = summary.total / max(time.monotonic() - started, 1e-6)
            sys.stderr.write(
                f"\r[{'#' * filled}{'.' * (width - filled)}] {done:4.0%} "
                f"{summary.total:,} comments, {rate:,.0f}/s"
            )
            sys.stderr.flush()

        return draw
