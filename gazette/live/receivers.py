"""What goes on the bus: discussion's and funding's signals, as live events.

Channels are ``thread:<key>`` and ``drive:<slug>``. Only what every reader may
see is published: a held comment sends nothing until a moderator approves it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import ngettext

from gazette.discussion import signals as discussion
from gazette.discussion.models import Comment
from gazette.funding import selectors as funding
from gazette.funding import signals as funding_signals
from gazette.funding.models import Donation
from gazette.live.bus import publish

PUBLISHED = Comment.Status.PUBLISHED


def _thread(comment: Comment) -> str:
    return f"thread:{comment.thread.key}"


def comment_new(sender: Any, comment: Comment, **kwargs: Any) -> None:
    """A comment every reader can now see (posted, or approved)."""
    if comment.status == PUBLISHED:
        publish(
            _thread(comment),
            "comment.new",
            {"id": comment.pk, "parent_id": comment.parent_id},
        )


def comment_edited(sender: Any, comment: Comment, **kwargs: Any) -> None:
    if comment.status == PUBLISHED:
        publish(
            _thread(comment), "comment.edited", {"id": comment.pk, "html": comment.html}
        )


def comment_removed(sender: Any, comment: Comment, **kwargs: Any) -> None:
    publish(_thread(comment), "comment.removed", {"id": comment.pk})


def status_changed(
    sender: Any, comment: Comment, old_status: str = "", **kwargs: Any
) -> None:
    if comment.status == PUBLISHED and old_status != PUBLISHED:
        comment_new(sender, comment)
    elif old_status == PUBLISHED and comment.status != PUBLISHED:
        comment_removed(sender, comment)


def votes_changed(sender: Any, comment: Comment, **kwargs: Any) -> None:
    publish(
        _thread(comment),
        "votes",
        {
            "id": comment.pk,
            "upvotes": comment.upvotes,
            "downvotes": comment.downvotes,
            "score": comment.score,
        },
    )


def drive_totals(sender: Any, donation: Donation, **kwargs: Any) -> None:
    """The drive's new totals, formatted in every language the site speaks."""
    drive = donation.drive
    bar = funding.goal_bar(drive)
    shown: dict[str, dict[str, Any]] = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            shown[code] = {
                "raised": bar.raised,
                "percent": bar.percent,
                "value_text": bar.value_text,
                "donors": bar.donors,
                "donors_text": ngettext(
                    "%(counter)s donor", "%(counter)s donors", bar.donors
                )
                % {"counter": bar.donors},
                "others": bar.others,
            }
    publish(
        f"drive:{drive.slug}",
        "drive.totals",
        {
            **funding.drive_data(drive),
            "width": bar.width,
            "value_now": str(bar.value_now),
            "shown": shown,
        },
    )


def connect() -> None:
    discussion.comment_posted.connect(comment_new, dispatch_uid="live-posted")
    discussion.comment_edited.connect(comment_edited, dispatch_uid="live-edited")
    discussion.comment_removed.connect(comment_removed, dispatch_uid="live-removed")
    discussion.comment_status_changed.connect(
        status_changed, dispatch_uid="live-status"
    )
    discussion.votes_changed.connect(votes_changed, dispatch_uid="live-votes")
    funding_signals.donation_changed.connect(drive_totals, dispatch_uid="live-drive")
