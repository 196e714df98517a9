"""Moderation's receivers of discussion's signals, connected in ``apps.ready``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models.signals import post_save

from gazette.core import tasks as core_tasks
from gazette.discussion import signals as discussion
from gazette.discussion.models import Comment
from gazette.readers import signals as readers


def second_opinion(sender: Any, comment: Comment, **kwargs: Any) -> None:
    """Have the background scorer look again at a published comment.

    Runs only when ``GAZETTE_TOXICITY_BACKGROUND_SCORER`` names one (a heavier
    model, or Perspective): the posting pipeline stays fast, and a comment the
    heavier scorer finds abusive is held afterwards.
    """
    from gazette.moderation import tasks

    if settings.GAZETTE_TOXICITY_BACKGROUND_SCORER and (
        comment.status == Comment.Status.PUBLISHED
    ):
        tasks.rescore_comment.enqueue(comment.pk)


def warm(sender: Any, **kwargs: Any) -> None:
    """A worker is starting: load the scorers and word lists once, before it forks."""
    from gazette.moderation import context
    from gazette.moderation.scoring import warm as scorers_warm

    scorers_warm()
    context.common_words()


def connect() -> None:
    from gazette.moderation.models import Ban
    from gazette.moderation.reader_data import ban_saved, reader_erased

    core_tasks.worker_starting.connect(warm, dispatch_uid="moderation-warm")
    readers.reader_erased.connect(reader_erased, dispatch_uid="moderation-erased")
    post_save.connect(ban_saved, sender=Ban, dispatch_uid="moderation-ban-sessions")
    discussion.comment_posted.connect(second_opinion, dispatch_uid="moderation-2nd")
    discussion.comment_edited.connect(second_opinion, dispatch_uid="moderation-2nd-e")
