"""manage.py backup [--to FOLDER]: the database and media, while the site runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gazette.core.backups import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database (consistent while the site runs) and media."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--to",
            type=Path,
            default=None,
            help="An empty folder (default: GAZETTE_DATA_DIR/backups/<date-time>).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            made = backup(options["to"])
        except BackupError as failed:
            raise CommandError(failed.message) from None
        self.stdout.write(
            f"Backed up the database ({made.database.name}) and "
            f"{made.media_files:,} media files to {made.folder}"
        )
