"""Votes: one per reader per comment, totals counted again under a lock."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from gazette.core.db import write_transaction
from gazette.discussion import signals
from gazette.discussion.errors import CommentNotFound, InvalidComment, VoteLimitReached
from gazette.discussion.models import Comment, Vote
from gazette.discussion.services.threads import send_after_commit, thread_changed


def published_for_update(comment_id: int) -> Comment:
    """The published comment, locked for this transaction; CommentNotFound if none."""
    comment = (
        Comment.objects.select_for_update()
        .filter(pk=comment_id, status=Comment.Status.PUBLISHED)
        .first()
    )
    if comment is None:
        raise CommentNotFound(_("There is no such comment."))
    return comment


def vote_cast(*, comment_id: int, voter: str, value: int, ip_hash: str = "") -> Comment:
    """Vote +1 or -1, or withdraw with 0. Voting again replaces the vote.

    The comment row is locked while the vote changes and the totals are counted
    again from the votes, so totals stay exact under concurrent votes.
    """
    if value not in (-1, 0, 1):
        raise InvalidComment(
            _("A vote is 1, -1 or 0."), errors={"value": _("Use 1, -1 or 0.")}
        )
    with write_transaction():
        comment = published_for_update(comment_id)
        existing = Vote.objects.filter(comment=comment, voter=voter).first()
        if value == 0:
            if existing:
                existing.delete()
        elif existing:
            if existing.value != value:
                existing.value = value
                existing.save(update_fields=["value"])
        else:
            same_network = Vote.objects.filter(comment=comment, ip_hash=ip_hash)
            if ip_hash and same_network.count() >= settings.GAZETTE_VOTES_PER_IP:
                raise VoteLimitReached(
                    _("Too many votes on this comment come from your network.")
                )
            try:
                with transaction.atomic():
                    Vote.objects.create(
                        comment=comment, voter=voter, value=value, ip_hash=ip_hash
                    )
            except IntegrityError:  # the same reader's other request won the race
                Vote.objects.filter(comment=comment, voter=voter).update(value=value)
        totals = Vote.objects.filter(comment=comment).aggregate(
            up=Count("pk", filter=Q(value=1)), down=Count("pk", filter=Q(value=-1))
        )
        Comment.objects.filter(pk=comment.pk).update(
            upvotes=totals["up"],
            downvotes=totals["down"],
            score=totals["up"] - totals["down"],
        )
        comment.refresh_from_db(fields=["upvotes", "downvotes", "score"])
        thread_changed(comment.thread_id)
        send_after_commit(signals.votes_changed, comment)
    return comment
