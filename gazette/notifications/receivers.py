"""Notifications' receivers of discussion's signals, connected in ``apps.ready``."""

from __future__ import annotations

from typing import Any

from gazette.discussion import signals as discussion
from gazette.discussion.models import Comment
from gazette.notifications import services

PUBLISHED = Comment.Status.PUBLISHED


def comment_posted(
    sender: Any, comment: Comment, notify: str = "", **kwargs: Any
) -> None:
    """Follow the thread if the author asked; tell others if it is published.

    Signed-in readers (their address is verified) get replies unless they
    chose otherwise ("none").
    """
    if not notify and comment.user_id and comment.email_verified:
        notify = services.Kind.REPLIES
    if notify in services.Kind.values and comment.author_email:
        services.subscription_request(
            email=comment.author_email,
            thread=comment.thread,
            kind=notify,
            verified=comment.email_verified,
        )
    if comment.status == PUBLISHED:
        services.comment_published_later(comment)


def status_changed(
    sender: Any, comment: Comment, old_status: str = "", **kwargs: Any
) -> None:
    """A held comment notifies once a moderator approves it."""
    if comment.status == PUBLISHED and old_status != PUBLISHED:
        services.comment_published(comment)


def connect() -> None:
    discussion.comment_posted.connect(comment_posted, dispatch_uid="notify-posted")
    discussion.comment_status_changed.connect(
        status_changed, dispatch_uid="notify-status"
    )
