"""Discussion listens to itself and to publishing.

Passages are found again on every publish, and every change readers must see
refreshes the thread's pages in the nginx micro-cache.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from gazette.core import microcache
from gazette.discussion import access, inline, signals
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
    signals.comment_featured,
):
    _signal.connect(purge_pages, dispatch_uid=f"discussion-purge-{id(_signal)}")


@receiver(page_published, dispatch_uid="discussion-access-published")
@receiver(page_unpublished, dispatch_uid="discussion-access-unpublished")
@receiver(post_page_move, dispatch_uid="discussion-access-moved")
def sync_thread_access(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A page went live, went away or moved: its threads follow it."""
    access.threads_sync(instance)


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="discussion-privacy")
@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="discussion-public")
def sync_thread_privacy(sender: Any, instance: Any, **kwargs: Any) -> None:
    """The page's privacy changed: so did its threads' and those below it."""
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        access.threads_sync(page)


@receiver(post_delete, sender=Page, dispatch_uid="discussion-page-deleted")
def close_deleted_page_thread(sender: Any, instance: Any, **kwargs: Any) -> None:
    """The page is deleted: its thread answers 404."""
    access.thread_close(instance.pk)
