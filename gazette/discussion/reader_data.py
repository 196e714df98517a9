"""A reader's comments and votes: for their download, and for erasure.

Registered under ``gazette_reader_data`` (see ``gazette.readers.holders``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string

from gazette.discussion.identity import my_comments
from gazette.discussion.models import Comment, Vote
from gazette.discussion.services import comments_verify_email, threads_recount
from gazette.readers.holders import Who, iso


def comments_of(who: Who) -> QuerySet[Comment]:
    """The comments the address wrote as a guest or through its accounts."""
    return Comment.objects.filter(
        Q(author_email__iexact=who.email) | Q(user__in=who.accounts)
    )


def reader_data(who: Who) -> dict[str, list[dict[str, Any]]]:
    comments = comments_of(who).select_related("thread").order_by("created_at", "pk")
    votes = Vote.objects.filter(voter__in=who.voters).order_by("created_at")
    return {
        "comments": [
            {
                "id": c.pk,
                "thread": c.thread.title or c.thread.key,
                "url": c.thread.url,
                "name": c.author_name,
                "email": c.author_email,
                "text": c.text,
                "status": c.status,
                "posted": iso(c.created_at),
                "edited": iso(c.edited_at),
                "in_reply_to": c.parent_id,
                "upvotes": c.upvotes,
                "downvotes": c.downvotes,
            }
            for c in comments
        ],
        "votes": [
            {"comment": v.comment_id, "value": v.value, "when": iso(v.created_at)}
            for v in votes
        ],
    }


def reader_count(who: Who) -> dict[str, int]:
    return {"comments": comments_of(who).count()}


def reader_claim(who: Who, user: Any, request: HttpRequest) -> None:
    """The address's guest comments join the account (to list and manage).

    Only the comments this browser posted are taken as proven (funding's part
    then shows the Supporter badge on them): anyone could have typed the
    address into the form elsewhere.
    """
    comments_of(who).filter(user=None).update(user=user)
    comments_verify_email(comment_ids=my_comments(request), email=who.email)


def reader_erase(who: Who, *, remove_comments: bool) -> dict[str, int]:
    """Comments lose name, address, IP hash and badge (shown as "Anonymous");
    with ``remove_comments`` their text goes too and they show as "[deleted]"
    where they have replies. The accounts' votes lose their IP hash."""
    found = list(comments_of(who).values_list("pk", "thread_id"))
    changes: dict[str, Any] = {
        "author_name": "Anonymous",
        "author_email": "",
        "email_verified": False,
        "author_badge": "",
        "ip_hash": "",
        "user": None,
        "edit_token_hash": "",
    }
    if remove_comments:
        changes.update(status=Comment.Status.DELETED, text="", html="")
    Comment.objects.filter(pk__in=[pk for pk, _thread in found]).update(**changes)
    Vote.objects.filter(voter__in=who.voters).update(ip_hash="")
    threads_recount({thread for _pk, thread in found})
    return {"comments": len(found)}


def account_page(who: Who, request: HttpRequest) -> str:
    """The account's newest comments, each with its state."""
    comments = list(
        comments_of(who)
        .exclude(status=Comment.Status.DELETED)
        .select_related("thread")
        .order_by("-created_at")[:50]
    )
    return render_to_string(
        "discussion/account_comments.html", {"comments": comments}, request=request
    )
