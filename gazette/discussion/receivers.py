"""Discussion listens to itself and to publishing.

Passages are found again on every publish, and every change readers must see
refreshes the thread's pages in the nginx micro-cache.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.dispatch import receiver
from wagtail.signals import page_published

from gazette.core import microcache
from gazette.discussion import inline, signals
from gazette.discussion.models import Comment, Thread


@receiver(page_published, dispatch_uid="discussion-relocate-passages")
def relocate_passages(sender: Any, instance: Any, **kwargs: Any) -> None:
    """The editor published a new version: find each commented passage in it."""
    inline.passages_relocate(page=instance)


def thread_paths(thread: Thread) -> list[str]:
    """Our pages that show ``thread``: its embed, and its article if it has one."""
    paths = [thread.embed_path]
    page = thread.page
    if page is not None and (url := page.get_url()):
        paths.append(urlsplit(url).path)
    return paths


def purge_pages(
    sender: Any, comment: Comment, old_status: str = "", **kwargs: Any
) -> None:
    """A change readers must see at once: nginx fetches its pages again.

    A comment held for review changes nothing a reader sees until it is
    published, and then its status change comes here.
    """
    published = Comment.Status.PUBLISHED
    if microcache.purging() and (
        published in (comment.status, old_status)
        or kwargs.get("signal") is signals.comment_removed
    ):
        microcache.pages_purge(thread_paths(comment.thread))


for _signal in (
    signals.comment_posted,
    signals.comment_edited,
    signals.comment_removed,
    signals.comment_status_changed,
):
    _signal.connect(purge_pages, dispatch_uid=f"discussion-purge-{id(_signal)}")
