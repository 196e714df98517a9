"""A thread follows its page: who may read it, post to it, vote and report in it.

A ``page-<id>`` thread answers each request as its page would. While the page
is live, not expired and carries no view restriction (Wagtail's privacy
setting: signed-in readers, groups or a password, on it or above it), the
thread is open to everyone. Otherwise the thread is ``restricted``, and only a
request that the page itself would admit reads or writes it; to everyone else
its comments, passages, feed, counts, events and embed answer 404, as for a
thread that does not exist. Embed threads (other keys) belong to the
embedding site and are open.

``Thread.restricted`` is kept by the receivers below whenever a page is
published, unpublished, moved or deleted, or a view restriction changes, so an
open thread costs no page query at all.
"""

from __future__ import annotations

from django.db.models import F
from django.http import HttpRequest
from django.utils.translation import gettext as _
from wagtail.models import Page, PageViewRestriction

from gazette.core.db import write_transaction
from gazette.discussion import keys
from gazette.discussion.errors import ThreadNotFound
from gazette.discussion.models import Comment, Thread


def _closed() -> ThreadNotFound:
    return ThreadNotFound(_("There is no such thread."))


def page_admits(page: Page | None, request: HttpRequest | None) -> bool:
    """Whether the page would be shown to ``request`` (None: an anonymous caller)."""
    if page is None or not page.live or page.expired:
        return False
    restrictions = page.get_view_restrictions()
    if restrictions and request is None:
        return False
    return all(restriction.accept_request(request) for restriction in restrictions)


def check_readable(
    key: str, request: HttpRequest | None, thread: Thread | None = None
) -> None:
    """ThreadNotFound unless ``request`` may see the thread ``key`` names.

    Pass the thread when it is already loaded: an open one needs no query.
    """
    page_id = keys.page_id_of(key)
    if page_id is None:
        return
    if thread is not None and not thread.restricted:
        return
    if not page_admits(Page.objects.filter(pk=page_id).first(), request):
        raise _closed()


def check_key_readable(key: str, request: HttpRequest | None) -> None:
    """:func:`check_readable` for a key whose thread is not loaded (one query)."""
    if keys.page_id_of(key) is None:
        return
    restricted = (
        Thread.objects.filter(key=key).values_list("restricted", flat=True).first()
    )
    if restricted is False:
        return
    check_readable(key, request)


def check_comment_readable(comment_id: int, request: HttpRequest | None) -> None:
    """ThreadNotFound unless ``request`` may see the thread of the comment."""
    found = (
        Thread.objects.filter(comments__pk=comment_id)
        .values_list("key", "restricted")
        .first()
    )
    if found is None:
        return  # the service says there is no such comment
    key, restricted = found
    if restricted:
        check_readable(key, request)


def published_comment(comment_id: int, request: HttpRequest) -> Comment | None:
    """The published comment, with its thread, if ``request`` may see it."""
    comment = (
        Comment.objects.select_related("thread")
        .filter(pk=comment_id, status=Comment.Status.PUBLISHED)
        .first()
    )
    if comment is None:
        return None
    try:
        check_readable(comment.thread.key, request, comment.thread)
    except ThreadNotFound:
        return None
    return comment


def channel_open(channel: str) -> bool:
    """The live events guard: streams of restricted threads are refused.

    An event stream carries no session, so a thread that not everyone may read
    has no live stream; its readers see new comments on reload.
    """
    kind, _sep, name = channel.partition(":")
    if kind != "thread":
        return True
    if not keys.is_valid(name):
        return False
    try:
        check_key_readable(name, None)  # no request: what everyone may read
    except ThreadNotFound:
        return False
    return True


def threads_sync(page: Page) -> int:
    """Mark the threads of ``page`` and the pages below it open or restricted.

    Called after a publish, unpublish, move or deletion, or a change of view
    restrictions; a thread whose state changes gets a new version, so no
    cached rendering of it is served again. Returns how many changed.
    """
    restricted_paths = list(
        PageViewRestriction.objects.values_list("page__path", flat=True)
    )
    under = Page.objects.filter(path__startswith=page.path).values_list(
        "pk", "path", "live", "expired"
    )
    state = {
        keys.page_key(pk): bool(live and not expired)
        and not any(path.startswith(r) for r in restricted_paths)
        for pk, path, live, expired in under
    }
    return _mark(state)


def thread_close(page_id: int) -> int:
    """The page is gone: its thread answers 404 from now on."""
    return _mark({keys.page_key(page_id): False})


def _mark(state: dict[str, bool]) -> int:
    opened = [key for key, is_open in state.items() if is_open]
    closed = [key for key, is_open in state.items() if not is_open]
    with write_transaction():
        return Thread.objects.filter(key__in=opened, restricted=True).update(
            restricted=False, version=F("version") + 1
        ) + Thread.objects.filter(key__in=closed, restricted=False).update(
            restricted=True, version=F("version") + 1
        )
