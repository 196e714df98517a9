"""Isso's SQLite database: ``threads`` (uri, title) and ``comments`` (Markdown).

Isso's modes: 1 published, 2 waiting for a moderator, 4 deleted (kept
because it has replies). Likes and dislikes become the vote totals.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from gazette.discussion.models import Comment
from gazette.interchange import text
from gazette.interchange.errors import ImportFailed
from gazette.interchange.records import CommentRecord, Record, ThreadRecord

MODES = {
    1: Comment.Status.PUBLISHED,
    2: Comment.Status.PENDING,
    4: Comment.Status.DELETED,
}
COMMENTS = (
    "SELECT tid, id, parent, created, modified, mode, remote_addr, text, author,"
    " email, likes, dislikes FROM comments ORDER BY tid, id"
)


def _open(path: Path) -> sqlite3.Connection:
    try:
        database = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        tables = {
            row[0]
            for row in database.execute(
                "SELECT name FROM sqlite_master WHERE type='table'"
            )
        }
    except sqlite3.DatabaseError as broken:
        raise ImportFailed(
            _("this is not an SQLite database (%(reason)s).") % {"reason": broken}
        ) from None
    if not {"threads", "comments"} <= tables:
        raise ImportFailed(_("this is not an Isso database: it has no comments table."))
    return database


def count(path: Path) -> int:
    """How many comments the database holds (for a progress bar)."""
    with _open(path) as database:
        return int(database.execute("SELECT count(*) FROM comments").fetchone()[0])


def read(path: Path) -> Iterator[Record]:
    database = _open(path)
    try:
        for thread_id, uri, title in database.execute(
            "SELECT id, uri, title FROM threads ORDER BY id"
        ):
            yield ThreadRecord(
                ref=str(thread_id), key=uri or "", url=uri or "", title=title or ""
            )
        for row in database.execute(COMMENTS):
            (
                tid,
                cid,
                parent,
                created,
                modified,
                mode,
                ip,
                body,
                author,
                email,
                up,
                down,
            ) = row
            source, html = text.from_markdown(body or "")
            yield CommentRecord(
                origin=f"isso:{cid}",
                thread_ref=str(tid),
                parent_origin=f"isso:{parent}" if parent else "",
                author_name=author or "Anonymous",
                author_email=email or "",
                ip=ip or "",
                created_at=text.from_epoch(created) or timezone.now(),
                edited_at=text.from_epoch(modified),
                text=source,
                html=html,
                status=MODES.get(mode, Comment.Status.PENDING),
                upvotes=max(up or 0, 0),
                downvotes=max(down or 0, 0),
            )
    except sqlite3.DatabaseError as broken:
        raise ImportFailed(
            _("the Isso database could not be read (%(reason)s).") % {"reason": broken}
        ) from None
    finally:
        database.close()
