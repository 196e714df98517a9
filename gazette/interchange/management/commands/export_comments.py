"""manage.py export_comments --format json|wxr FILE ("-" for standard output)"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gazette.interchange.exporters import export_json, export_wxr


class Command(BaseCommand):
    help = "Export every comment as Gazette JSON Lines or as WordPress WXR."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help='Where to write; "-" for standard output.')
        parser.add_argument("--format", required=True, choices=("json", "wxr"))

    def handle(self, *args: Any, **options: Any) -> None:
        write = export_json if options["format"] == "json" else export_wxr
        if options["file"] == "-":
            count = write(sys.stdout)
        else:
            with Path(options["file"]).open("w", encoding="utf-8") as out:
                count = write(out)
            self.stderr.write(f"{count:,} comments written to {options['file']}.")
