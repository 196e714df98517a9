"""Reader reports: how many readers object, counted so that no one silences anyone.

A report's weight says who made it: a signed-in account or a browser that
proved an address by a mailed link weighs more than an anonymous guest
(``GAZETTE_REPORT_WEIGHT_*``). Of the reports from one network (IP hash) on
one comment, only the ``GAZETTE_REPORTS_PER_NETWORK`` heaviest count, as with
votes: clearing cookies makes a new guest, not a new reader. When the counted
weight reaches the policy's ``reports_to_hold`` the comment is held for
review, unless its author is a trusted commenter: then it stays visible,
first in the Reported tab, until a moderator decides. More reports from one
network than count is itself a signal, shown to moderators.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings

from gazette.discussion.models import Comment
from gazette.moderation import history
from gazette.moderation.models import Flag

FLOOD_PRIORITY = 50.0


def reporter_weight(*, signed_in: bool, proven: bool) -> int:
    """What one report counts for, by what is known of who made it."""
    if signed_in:
        return int(settings.GAZETTE_REPORT_WEIGHT_ACCOUNT)
    if proven:
        return int(settings.GAZETTE_REPORT_WEIGHT_VERIFIED)
    return int(settings.GAZETTE_REPORT_WEIGHT_GUEST)


@dataclass(frozen=True)
class Tally:
    """The reports on one comment since a moderator last approved it."""

    weight: int  # what counts toward holding it
    readers: int  # distinct reporters
    networks: int  # distinct networks
    flooding: int  # reports from the busiest network beyond what counts

    def describe(self) -> str:
        return (
            f"{self.readers} readers from {self.networks} networks "
            f"(weight {self.weight})"
        )


def tally(flags: list[Flag]) -> Tally:
    per_network: dict[str, list[int]] = defaultdict(list)
    for flag in flags:
        per_network[flag.ip_hash].append(flag.weight)
    cap = settings.GAZETTE_REPORTS_PER_NETWORK
    weight = sum(sum(sorted(w, reverse=True)[:cap]) for w in per_network.values())
    busiest = max((len(w) for w in per_network.values()), default=0)
    return Tally(
        weight=weight,
        readers=len({flag.reporter for flag in flags}),
        networks=len(per_network),
        flooding=max(0, busiest - cap),
    )


def author_is_trusted(comment: Comment) -> bool:
    """Whether the comment's author has the standing that spares it from reports."""
    who = history.identity(
        user=comment.user,
        email=comment.author_email,
        verified=comment.email_verified,
    )
    return history.standing(who, exclude=comment.pk).trusted
