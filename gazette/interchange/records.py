"""What every importer reads a file into: threads, comments, and what it skipped.

Readers yield these one at a time, so a file of any size is read in constant
memory; the loader writes them in batches.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass
class ThreadRecord:
    """A page that has comments, as the source names it."""

    ref: str  # the source's id for it, unique within the file
    key: str = ""  # a Gazette thread key, when the source is Gazette itself
    name: str = ""  # the source's name for the page (Disqus identifier, Isso URI)
    url: str = ""
    title: str = ""
    slug: str = ""  # WordPress's post name: finds the Gazette article, if any
    created_at: datetime | None = None
    # A WordPress post, which can become a Gazette article (--articles).
    is_post: bool = False
    body: str = ""
    live: bool = False


@dataclass
class CommentRecord:
    origin: str  # "<source>:<id>": unique, so a second import adds nothing
    thread_ref: str
    author_name: str
    created_at: datetime
    text: str
    html: str
    status: str  # a Comment.Status value
    parent_origin: str = ""
    author_email: str = ""
    ip: str = ""  # stored only as a keyed hash
    edited_at: datetime | None = None
    upvotes: int = 0
    downvotes: int = 0
    email_verified: bool = False
    author_badge: str = ""
    anchor: dict[str, Any] | None = None
    passage: dict[str, Any] | None = None


@dataclass
class Skipped:
    """Something in the file that is deliberately not imported, and why."""

    reason: str


Record = ThreadRecord | CommentRecord | Skipped
