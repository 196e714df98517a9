"""Votes: one per reader per comment; totals move by each vote's difference."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils.translation import gettext as _

from gazette.core.db import write_transaction
from gazette.discussion import signals
from gazette.discussion.errors import (
    CommentNotFound,
    InvalidComment,
    VoteContended,
    VoteLimitReached,
)
from gazette.discussion.models import Comment, Vote
from gazette.discussion.services.threads import send_after_commit, thread_changed


def published_for_update(comment_id: int) -> Comment:
    """The published comment, locked for this transaction; CommentNotFound if none."""
    return _published(comment_id, lock=True)


def vote_cast(*, comment_id: int, voter: str, value: int, ip_hash: str = "") -> Comment:
    """Vote +1 or -1, or withdraw with 0. Voting again replaces the vote.

    Only the reader's own vote is locked while it changes; the comment's
    totals then move by the difference in one statement, so concurrent votes
    on one comment keep exact totals without waiting on each other, and
    totals brought in by an import are kept.
    """
    if value not in (-1, 0, 1):
        raise InvalidComment(
            _("A vote is 1, -1 or 0."), errors={"value": _("Use 1, -1 or 0.")}
        )
    with write_transaction():
        comment = _published(comment_id)
        old = _vote_set(comment, voter, value, ip_hash)
        up = int(value == 1) - int(old == 1)
        down = int(value == -1) - int(old == -1)
        if up or down:
            upvotes = Greatest(F("upvotes") + up, 0)
            downvotes = Greatest(F("downvotes") + down, 0)
            Comment.objects.filter(pk=comment.pk).update(
                upvotes=upvotes, downvotes=downvotes, score=upvotes - downvotes
            )
            thread_changed(comment.thread_id)
            send_after_commit(signals.votes_changed, comment)
        comment.refresh_from_db(fields=["upvotes", "downvotes", "score"])
    return comment


def _published(comment_id: int, *, lock: bool = False) -> Comment:
    comments = Comment.objects.filter(pk=comment_id, status=Comment.Status.PUBLISHED)
    comment = (comments.select_for_update() if lock else comments).first()
    if comment is None:
        raise CommentNotFound(_("There is no such comment."))
    return comment


def _vote_set(comment: Comment, voter: str, value: int, ip_hash: str) -> int:
    """Make ``voter``'s vote ``value`` (0: none); the vote it had before."""
    mine = Vote.objects.select_for_update().filter(comment=comment, voter=voter)
    # The same reader's requests race only here: an insert that loses to
    # another's looks again, and finds that vote (or finds it gone).
    for _attempt in range(_TRIES):
        existing = mine.first()
        if existing is not None:
            break
        if not value:
            return 0
        _check_network(comment, ip_hash)
        try:
            with transaction.atomic():
                Vote.objects.create(
                    comment=comment, voter=voter, value=value, ip_hash=ip_hash
                )
            return 0
        except IntegrityError:
            continue
    else:
        raise VoteContended(
            _("Your vote changed elsewhere at the same moment; try again.")
        )
    old = existing.value
    if value == 0:
        existing.delete()
    elif old != value:
        existing.value = value
        existing.save(update_fields=["value"])
    return old


_TRIES = 5


def _check_network(comment: Comment, ip_hash: str) -> None:
    same_network = Vote.objects.filter(comment=comment, ip_hash=ip_hash)
    if ip_hash and same_network.count() >= settings.GAZETTE_VOTES_PER_IP:
        raise VoteLimitReached(
            _("Too many votes on this comment come from your network.")
        )
