"""manage.py restore FOLDER: put a backup back. Stop the site first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gazette.core.backups import BackupError, read_manifest, restore


class Command(BaseCommand):
    help = "Replace the database and media with a backup's (stop the site first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask for confirmation."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["folder"]
        try:
            manifest = read_manifest(folder)
            if not options["yes"]:
                answer = input(
                    f"Replace this site's data with the backup of "
                    f"{manifest['created_at']}? Type 'yes': "
                )
                if answer.strip().lower() != "yes":
                    raise CommandError("Nothing was restored.")
            restore(folder)
        except BackupError as failed:
            raise CommandError(failed.message) from None
        call_command("migrate", "--no-input", verbosity=0)
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']} "
            f"({manifest['media_files']:,} media files); migrations are up to date."
        )
