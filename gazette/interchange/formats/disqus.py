"""Disqus's XML export: ``<thread>``s, then ``<post>``s that point at them.

Posts name their thread and parent by ``dsq:id``. A thread becomes the Gazette
thread its identifier names (what a site passed as ``disqus_identifier``), or
else the one at its link. Spam and deleted posts keep their status.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO
from xml.etree.ElementTree import Element

from django.utils import timezone

from gazette.discussion.models import Comment
from gazette.interchange import text
from gazette.interchange.records import CommentRecord, Record, Skipped, ThreadRecord
from gazette.interchange.xmlstream import child_text, elements, fields, text_of

DSQ_ID = "{http://disqus.com/disqus-internals}id"


def _dsq_id(element: Element | None) -> str:
    if element is None:
        return ""
    return (element.get(DSQ_ID) or element.get("id") or "").strip()


def _true(value: str) -> bool:
    return value.strip().lower() == "true"


def _thread(element: Element) -> ThreadRecord:
    link = child_text(element, "link")
    return ThreadRecord(
        ref=_dsq_id(element),
        name=child_text(element, "id") or link,
        url=link,
        title=child_text(element, "title"),
        created_at=text.when(child_text(element, "createdAt")),
    )


def _post(element: Element) -> Record:
    found = fields(element)
    post_id = _dsq_id(element)
    thread = _dsq_id(found.get("thread"))
    if not post_id or not thread:
        return Skipped("post without an id or a thread")
    author = fields(found["author"]) if "author" in found else {}
    body, html = text.from_html(text_of(found, "message"))
    status = Comment.Status.PUBLISHED
    if _true(text_of(found, "isSpam")):
        status = Comment.Status.SPAM
    elif _true(text_of(found, "isDeleted")):
        status = Comment.Status.DELETED
    parent = _dsq_id(found.get("parent"))
    return CommentRecord(
        origin=f"disqus:{post_id}",
        thread_ref=thread,
        parent_origin=f"disqus:{parent}" if parent else "",
        author_name=text_of(author, "name") or "Anonymous",
        author_email=text_of(author, "email"),
        ip=text_of(found, "ipAddress"),
        created_at=text.when(text_of(found, "createdAt")) or timezone.now(),
        text=body,
        html=html,
        status=status,
    )


def read(source: BinaryIO) -> Iterator[Record]:
    for name, element in elements(source, {"thread", "post"}, depth=2):
        yield _thread(element) if name == "thread" else _post(element)
