"""Import a file of any supported format; the commands and the admin call this."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from django.utils.translation import gettext as _

from gazette.interchange.errors import ImportFailed
from gazette.interchange.formats import disqus, gazette, isso, wxr
from gazette.interchange.loader import Summary, import_records
from gazette.interchange.records import Record
from gazette.publishing.models import SectionPage

FORMATS = ("wxr", "disqus", "isso", "gazette")


class Counting:
    """A file that counts the bytes read from it (for a progress bar)."""

    def __init__(self, source: BinaryIO) -> None:
        self.source = source
        self.done = 0

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(size)
        self.done += len(data)
        return data

    def seekable(self) -> bool:
        return self.source.seekable()

    def tell(self) -> int:
        return self.source.tell()

    def seek(self, offset: int) -> int:
        """Back to ``offset`` (the prefix scan's rewind): the count goes with it."""
        self.done = self.source.seek(offset)
        return self.done

    def __iter__(self) -> Iterator[bytes]:
        for line in self.source:
            self.done += len(line)
            yield line


def records(
    kind: str,
    path: Path,
    source: BinaryIO | Counting,
    *,
    site: str,
    pingbacks: bool,
    all_posts: bool = False,
) -> Iterator[Record]:
    """The reader for ``kind``; Isso reads its database by path."""
    stream: BinaryIO = source  # type: ignore[assignment]
    if kind == "wxr":
        options = wxr.Options(site=site, pingbacks=pingbacks, all_posts=all_posts)
        return wxr.read(stream, options)
    if kind == "disqus":
        return disqus.read(stream)
    if kind == "isso":
        return isso.read(path)
    if kind == "gazette":
        return gazette.read(stream)
    raise ImportFailed(
        _("Unknown format %(kind)s; use one of %(formats)s.")
        % {"kind": kind, "formats": ", ".join(FORMATS)}
    )


def import_file(
    kind: str,
    path: Path,
    *,
    dry_run: bool = False,
    site: str = "",
    pingbacks: bool = False,
    progress: Callable[[Summary, float], None] | None = None,
    articles_in: SectionPage | None = None,
) -> Summary:
    """Import the file at ``path``: all of it, or (ImportFailed) none of it.

    ``articles_in`` (WordPress only): posts become articles in that section.
    """
    size = max(path.stat().st_size, 1)
    with path.open("rb") as raw:
        counting = Counting(raw)
        report = None
        if progress is not None:
            rows = isso.count(path) if kind == "isso" else 0

            def report(summary: Summary) -> None:
                done = summary.total / rows if rows else counting.done / size
                progress(summary, min(done, 1.0))

        return import_records(
            records(
                kind,
                path,
                counting,
                site=site,
                pingbacks=pingbacks,
                all_posts=articles_in is not None,
            ),
            source=kind,
            dry_run=dry_run,
            progress=report,
            articles_in=articles_in,
        )
