"""Threads: created on first use, counted, and versioned for caches."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db import transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.dispatch import Signal
from django.utils.translation import gettext as _
from wagtail.models import Page

from gazette.core import sql
from gazette.discussion import keys, origins
from gazette.discussion.errors import ThreadNotFound
from gazette.discussion.keys import check_thread_key
from gazette.discussion.models import Comment, Thread


def send_after_commit(signal: Signal, comment: Comment, **extra: Any) -> None:
    transaction.on_commit(lambda: signal.send(sender=Comment, comment=comment, **extra))


def article_for_key(key: str) -> Page | None:
    """The live page a ``page-<id>`` key names; ThreadNotFound if there is none.

    Whether the page admits the reader (its view restrictions) is the
    interface's check, which has the request: see ``discussion/access.py``.
    """
    page_id = keys.page_id_of(check_thread_key(key))
    if page_id is None:
        return None
    page = Page.objects.live().filter(pk=page_id, expired=False).first()
    if page is None:
        raise ThreadNotFound(_("There is no article with this thread key."))
    return page


def thread_get_or_create(*, key: str, url: str = "", title: str = "") -> Thread:
    """The thread for ``key``, created on first use.

    ``page-<id>`` keys must name a live page; other keys belong to embeds.
    """
    check_thread_key(key)
    thread = sql.select_one(Thread, "key", key)
    if thread is not None:
        return thread
    page = article_for_key(key)
    url, title = origins.thread_origin(url, title) if page is None else ("", "")
    defaults: dict[str, Any] = {"page": page, "url": url, "title": title}
    if page is not None:
        defaults["title"] = page.title
        defaults["restricted"] = bool(page.get_view_restrictions())
    thread, _created = Thread.objects.get_or_create(key=key, defaults=defaults)
    return thread


def thread_changed(thread_id: int, *, published_delta: int = 0) -> None:
    """Bump the thread's version (invalidating cached renderings) and its count.

    Called inside the writing transaction, so the count stays exact. Plain
    SQL: every post runs it, in the post's batch of writes (see ``core/sql.py``).
    """
    sql.later(_BUMP.format(table=sql.table(Thread)), [published_delta, thread_id])


_BUMP = (
    "UPDATE {table} SET version = version + 1, "
    "comment_count = comment_count + %s WHERE id = %s"
)


def threads_recount(thread_ids: Collection[int]) -> None:
    """Count the threads' published comments again after a bulk change, and
    bump their versions (cached renderings go)."""
    published = (
        Comment.objects.filter(
            thread_id=OuterRef("pk"), status=Comment.Status.PUBLISHED
        )
        .values("thread_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Thread.objects.filter(pk__in=list(thread_ids)).update(
        comment_count=Coalesce(Subquery(published), 0), version=F("version") + 1
    )
