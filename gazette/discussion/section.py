"""What the comment section template needs, for an article page or an embed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from gazette.discussion import pipeline, selectors, services
from gazette.discussion.errors import InvalidComment
from gazette.discussion.identity import (
    SORT_COOKIE,
    edit_tokens,
    form_stamp,
    my_comments,
)
from gazette.discussion.models import Vote
from gazette.readers.identity import reader_for

SORT_LABELS = [
    ("newest", _("Newest")),
    ("oldest", _("Oldest")),
    ("votes", _("Most Voted")),
    ("featured", _("Editors' picks")),
]


def _sort(request: HttpRequest) -> str:
    for candidate in (request.GET.get("sort"), request.COOKIES.get(SORT_COOKIE)):
        try:
            if candidate:
                return selectors.check_sort(candidate)
        except InvalidComment:
            continue
    return selectors.DEFAULT_SORT


def comment_section(request: HttpRequest, *, key: str, url: str) -> dict[str, Any]:
    """The thread ``key`` as shown at ``url``: comments, sort, the reader's votes.

    Shows the first page of top-level comments, or all of them when the reader
    asked to (``?comments=all``) or followed a permalink (``?c=<id>``).
    """
    only_inline = request.GET.get("comments") == "inline"
    show_all = request.GET.get("comments") == "all" or "c" in request.GET
    limit = None if show_all or only_inline else settings.GAZETTE_COMMENTS_PER_PAGE
    page = selectors.thread_page(
        key=key, sort=_sort(request), limit=limit, inline=only_inline
    )
    if page.sort == "featured" and not page.has_featured:
        # The reader's last tab was the picks, and this thread has none.
        page = selectors.thread_page(key=key, limit=limit, inline=only_inline)
    nodes = list(page.flat())
    tokens = edit_tokens(request)
    reader = reader_for(request)
    my_votes: dict[int, int] = {}
    if nodes and reader.new_token is None:  # a new guest has not voted yet
        my_votes = dict(
            Vote.objects.filter(
                voter=reader.voter, comment__in=[n.comment.pk for n in nodes]
            ).values_list("comment_id", "value")
        )
    for node in nodes:
        node.my_vote = my_votes.get(node.comment.pk, 0)
        node.editable = services.can_edit(node.comment, tokens.get(node.comment.pk))
    awaiting = selectors.awaiting_moderation(
        key=key, ids=my_comments(request) | set(tokens), user=request.user
    )
    return {
        "thread_key": key,
        "thread_url": url,
        # Other apps' parts below the thread (a "follow this thread" form).
        "extras": [hook() for hook in hooks.get_hooks("gazette_discussion_extras")],
        "page": page,
        "nodes": nodes,
        "sort": page.sort,
        "sorts": [
            (value, label)
            for value, label in SORT_LABELS
            if value != "featured" or page.has_featured
        ],
        "show_all": show_all,
        "only_inline": only_inline,
        "has_more": page.next_cursor is not None,
        "count": page.count,
        "page_size": settings.GAZETTE_COMMENTS_PER_PAGE,
        "edit_window": settings.GAZETTE_COMMENT_EDIT_WINDOW,
        "max_length": settings.GAZETTE_COMMENT_MAX_LENGTH,
        "name_max_length": settings.GAZETTE_COMMENT_NAME_MAX_LENGTH,
        "signed_in": request.user.is_authenticated,
        "awaiting": awaiting,
        "closed": pipeline.moderator().closed_reason(key),
        "sign_in_first": not request.user.is_authenticated
        and getattr(pipeline.moderator(), "sign_in_required", lambda key: False)(key),
        "reported": "reported" in request.GET,
        "form_stamp": form_stamp(),
    }
