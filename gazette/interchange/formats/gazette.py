"""Gazette's own format: JSON Lines, versioned, lossless (see docs/interchange.md).

The first line says what the file is::

    {"format": "gazette-comments", "version": 1}

then one object per line: ``{"thread": {...}}`` or ``{"comment": {...}}``.
Comments name their thread by key and their parent by ``ref``; a comment's
``ref`` is where it first came from (``disqus:…``) or ``gazette:<id>``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any, BinaryIO

from django.utils.translation import gettext as _

from gazette.discussion import markdown
from gazette.discussion.models import Comment
from gazette.interchange import text
from gazette.interchange.errors import ImportFailed
from gazette.interchange.records import CommentRecord, Record, ThreadRecord

FORMAT = "gazette-comments"
VERSION = 1
STATUSES = set(Comment.Status.values)


def header() -> dict[str, Any]:
    return {"format": FORMAT, "version": VERSION}


def _date(raw: Any, line: int, name: str) -> datetime | None:
    """A date, or None for none; ImportFailed for something else."""
    value = text.when(raw) if isinstance(raw, str) else None
    if value is None and raw not in (None, ""):
        raise ImportFailed(_("%(name)s is not a date.") % {"name": name}, line=line)
    return value


def _required_date(raw: Any, line: int, name: str) -> datetime:
    value = _date(raw, line, name)
    if value is None:
        raise ImportFailed(_("%(name)s is required.") % {"name": name}, line=line)
    return value


def _thread(data: dict[str, Any], line: int) -> ThreadRecord:
    key = data.get("key")
    if not isinstance(key, str) or not key:
        raise ImportFailed(_("a thread needs a key."), line=line)
    return ThreadRecord(
        ref=key,
        key=key,
        url=str(data.get("url") or ""),
        title=str(data.get("title") or ""),
        created_at=_date(data.get("created_at"), line, "created_at"),
    )


def _comment(data: dict[str, Any], line: int) -> CommentRecord:
    ref, thread, status = data.get("ref"), data.get("thread"), data.get("status")
    if not isinstance(ref, str) or not ref or not isinstance(thread, str):
        raise ImportFailed(_("a comment needs a ref and a thread."), line=line)
    if status not in STATUSES:
        raise ImportFailed(
            _("status must be one of %(choices)s.")
            % {"choices": ", ".join(sorted(STATUSES))},
            line=line,
        )
    try:
        return CommentRecord(
            origin=ref,
            thread_ref=thread,
            parent_origin=str(data.get("parent") or ""),
            author_name=str(data.get("author_name") or ""),
            author_email=str(data.get("author_email") or ""),
            email_verified=bool(data.get("email_verified")),
            author_badge=str(data.get("author_badge") or ""),
            text=str(data.get("text") or ""),
            html=markdown.sanitize(str(data.get("html") or "")),
            status=str(status),
            created_at=_required_date(data.get("created_at"), line, "created_at"),
            edited_at=_date(data.get("edited_at"), line, "edited_at"),
            upvotes=max(int(data.get("upvotes") or 0), 0),
            downvotes=max(int(data.get("downvotes") or 0), 0),
            anchor=data.get("anchor") if isinstance(data.get("anchor"), dict) else None,
            passage=data.get("passage")
            if isinstance(data.get("passage"), dict)
            else None,
        )
    except (TypeError, ValueError):
        raise ImportFailed(
            _("upvotes and downvotes must be numbers."), line=line
        ) from None


def read(source: BinaryIO) -> Iterator[Record]:
    for line, raw in enumerate(source, start=1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as broken:
            raise ImportFailed(
                _("this line is not JSON (%(reason)s).") % {"reason": broken}, line=line
            ) from None
        if line == 1:
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                raise ImportFailed(
                    _("this is not a Gazette comments file (no format line)."), line=1
                )
            if data.get("version") != VERSION:
                raise ImportFailed(
                    _("version %(found)s is not one this Gazette reads (%(known)d).")
                    % {"found": data.get("version"), "known": VERSION},
                    line=1,
                )
            continue
        if isinstance(data, dict) and isinstance(data.get("thread"), dict):
            yield _thread(data["thread"], line)
        elif isinstance(data, dict) and isinstance(data.get("comment"), dict):
            yield _comment(data["comment"], line)
        else:
            raise ImportFailed(
                _("expected an object with a thread or a comment."), line=line
            )
