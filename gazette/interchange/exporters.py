"""Every comment out again: Gazette's JSON Lines, or WXR for WordPress.

Both stream from the database in chunks and write as they go, so exporting a
million comments holds a few thousand in memory at a time. The order is
stable (thread key, then posting time, then id), so exporting the same data
twice gives the same file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any, TextIO
from xml.sax.saxutils import escape

from django.conf import settings
from django.db.models import Count, Q

from gazette.discussion.models import Comment, Thread
from gazette.interchange.formats import gazette
from gazette.interchange.formats.wxr import STATUS

CHUNK = 2000
# Written to JSON as they are, in this order.
AS_IS = (
    "author_name",
    "author_email",
    "email_verified",
    "author_badge",
    "text",
    "html",
    "status",
    "upvotes",
    "downvotes",
    "anchor",
    "passage",
)
FIELDS = (
    "pk",
    "origin",
    "thread__key",
    "parent_id",
    "parent__origin",
    "created_at",
    "edited_at",
    *AS_IS,
)


def _ref(pk: int | None, origin: str | None) -> str | None:
    if pk is None:
        return None
    return origin or f"gazette:{pk}"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _threads() -> Iterator[Thread]:
    return (
        Thread.objects.annotate(n=Count("comments"))
        .filter(n__gt=0)
        .order_by("key")
        .iterator(chunk_size=CHUNK)
    )


def _comments() -> Iterator[dict[str, Any]]:
    rows: Iterator[dict[str, Any]] = (
        Comment.objects.order_by("thread__key", "created_at", "pk")
        .values(*FIELDS)
        .iterator(chunk_size=CHUNK)
    )
    return rows


def export_json(out: TextIO) -> int:
    """Write the Gazette JSON Lines file; return how many comments it holds."""
    out.write(json.dumps(gazette.header()) + "\n")
    for thread in _threads():
        line = {
            "key": thread.key,
            "url": thread.url,
            "title": thread.title,
            "created_at": _iso(thread.created_at),
        }
        out.write(json.dumps({"thread": line}, ensure_ascii=False) + "\n")
    written = 0
    for c in _comments():
        line = {
            "ref": _ref(c["pk"], c["origin"]),
            "thread": c["thread__key"],
            "parent": _ref(c["parent_id"], c["parent__origin"]),
            **{name: c[name] for name in AS_IS},
            "created_at": _iso(c["created_at"]),
            "edited_at": _iso(c["edited_at"]),
        }
        out.write(json.dumps({"comment": line}, ensure_ascii=False) + "\n")
        written += 1
    return written


WP_STATUS = {status: code for code, status in reversed(STATUS.items())}
WP_STATUS[Comment.Status.REJECTED] = "trash"
WXR_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>{title}</title>
<wp:wxr_version>1.2</wp:wxr_version>
"""


def _cdata(value: str) -> str:
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _wp_date(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S")


def _wxr_comment(c: dict[str, Any]) -> str:
    created = _wp_date(c["created_at"])
    parts = [
        ("wp:comment_id", str(c["pk"])),
        ("wp:comment_author", _cdata(c["author_name"])),
        ("wp:comment_author_email", escape(c["author_email"])),
        ("wp:comment_date", created),
        ("wp:comment_date_gmt", created),
        ("wp:comment_content", _cdata(c["html"])),
        ("wp:comment_approved", WP_STATUS.get(c["status"], "0")),
        ("wp:comment_type", "comment"),
        ("wp:comment_parent", str(c["parent_id"] or 0)),
    ]
    body = "".join(f"<{tag}>{value}</{tag}>" for tag, value in parts)
    meta = ""
    if c["upvotes"] or c["downvotes"]:  # as wpDiscuz keeps them
        apart = (
            f'a:2:{{s:4:"like";i:{c["upvotes"]};s:7:"dislike";i:{-c["downvotes"]};}}'
        )
        meta = _meta("wpdiscuz_votes", str(c["upvotes"] - c["downvotes"])) + _meta(
            "wpdiscuz_votes_seperate", _cdata(apart)
        )
    return f"<wp:comment>{body}{meta}</wp:comment>\n"


def _meta(key: str, value: str) -> str:
    return (
        f"<wp:commentmeta><wp:meta_key>{key}</wp:meta_key>"
        f"<wp:meta_value>{value}</wp:meta_value></wp:commentmeta>"
    )


def export_wxr(out: TextIO) -> int:
    """Write WordPress's WXR: one item per thread, its comments inside."""
    out.write(WXR_HEAD.format(title=escape(settings.WAGTAIL_SITE_NAME)))
    threads = {t.key: t for t in Thread.objects.filter(~Q(comments=None)).distinct()}
    current, written = None, 0
    for c in _comments():
        if c["thread__key"] != current:
            if current is not None:
                out.write("</item>\n")
            current = c["thread__key"]
            thread = threads[current]
            out.write(
                f"<item><title>{escape(thread.title or thread.key)}</title>"
                f"<link>{escape(thread.url)}</link>"
                f"<wp:post_id>{thread.pk}</wp:post_id>"
                f"<wp:post_name>{escape(thread.key)}</wp:post_name>"
                "<wp:post_type>post</wp:post_type><wp:status>publish</wp:status>\n"
            )
        out.write(_wxr_comment(c))
        written += 1
    if current is not None:
        out.write("</item>\n")
    out.write("</channel>\n</rss>\n")
    return written
