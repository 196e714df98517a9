"""Everything Gazette holds about one e-mail address: to hand over, or to erase.

An address links a reader to their comments (and, for an account, to the
account's comments and votes), their subscriptions and their donations.
Guests' votes and reports are tied to a browser, not an address, so they
cannot be found by it; they hold no name, address or IP (only keyed hashes).
See docs/privacy.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone

from gazette.core.db import write_transaction
from gazette.core.tokens import Purpose
from gazette.discussion.models import Comment, Vote
from gazette.discussion.services import threads_recount
from gazette.funding.models import Donation
from gazette.moderation.models import AuditEntry, Ban, Flag, ModerationRecord
from gazette.notifications.models import Subscription

TOKEN_AGE = 3600  # a mailed link works for an hour, and once
FORMAT = 1
DATA_LINK = Purpose(
    "gazette.readers.data",
    max_age=TOKEN_AGE,
    single_use=True,
    grants="opens the data of the address it was mailed to, in one browser, once",
)


def token_for(email: str) -> str:
    return DATA_LINK.sign(email.strip().lower())


def email_from(token: str, *, spend: bool = False) -> str | None:
    """The address the link was mailed to, if the link is genuine, fresh, unspent."""
    email = DATA_LINK.spend(token) if spend else DATA_LINK.read(token)
    return email if isinstance(email, str) else None


def _accounts(email: str) -> list[int]:
    return list(
        get_user_model()
        .objects.filter(email__iexact=email)
        .values_list("pk", flat=True)
    )


def _comments(email: str) -> QuerySet[Comment]:
    return Comment.objects.filter(
        Q(author_email__iexact=email) | Q(user__in=_accounts(email))
    )


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def data_for(email: str) -> dict[str, Any]:
    """All of it, as plain data (the reader's download)."""
    email = email.strip().lower()
    voters = [f"u:{pk}" for pk in _accounts(email)]
    comments = _comments(email).select_related("thread").order_by("created_at", "pk")
    return {
        "format": "gazette-reader-data",
        "version": FORMAT,
        "email": email,
        "exported_at": timezone.now().isoformat(),
        "comments": [
            {
                "id": c.pk,
                "thread": c.thread.title or c.thread.key,
                "url": c.thread.url,
                "name": c.author_name,
                "email": c.author_email,
                "text": c.text,
                "status": c.status,
                "posted": _iso(c.created_at),
                "edited": _iso(c.edited_at),
                "in_reply_to": c.parent_id,
                "upvotes": c.upvotes,
                "downvotes": c.downvotes,
            }
            for c in comments
        ],
        "votes": [
            {"comment": v.comment_id, "value": v.value, "when": _iso(v.created_at)}
            for v in Vote.objects.filter(voter__in=voters).order_by("created_at")
        ],
        "subscriptions": [
            {
                "thread": s.thread.title or s.thread.key,
                "notify_of": s.kind,
                "language": s.language,
                "confirmed": _iso(s.confirmed_at),
                "since": _iso(s.created_at),
            }
            for s in Subscription.objects.filter(email__iexact=email).select_related(
                "thread"
            )
        ],
        "donations": [
            {
                "drive": d.drive.title,
                "amount": str(d.amount),
                "currency": d.currency,
                "frequency": d.frequency,
                "status": d.status,
                "name": d.donor_name,
                "message": d.message,
                "anonymous": d.anonymous,
                "on_wall": d.on_wall,
                "supporter_badge": d.supporter_badge,
                "created": _iso(d.created_at),
                "paid": _iso(d.paid_at),
            }
            for d in Donation.objects.filter(donor_email__iexact=email)
            .select_related("drive")
            .order_by("created_at")
        ],
        "bans": [
            {
                "reason": b.reason,
                "since": _iso(b.created_at),
                "until": _iso(b.expires_at),
            }
            for b in Ban.objects.filter(kind=Ban.Kind.EMAIL, value__iexact=email)
        ],
    }


@dataclass(frozen=True)
class Summary:
    comments: int
    subscriptions: int
    donations: int


def summary_for(email: str) -> Summary:
    return Summary(
        comments=_comments(email).count(),
        subscriptions=Subscription.objects.filter(email__iexact=email).count(),
        donations=Donation.objects.filter(donor_email__iexact=email).count(),
    )


def erase(email: str, *, remove_comments: bool, actor: Any = None) -> Summary:
    """Remove what identifies the reader; keep what others' replies hang on.

    Comments lose name, address, IP hash and badge (shown as "Anonymous");
    with ``remove_comments`` their text goes too and they show as "[deleted]"
    where they have replies. Subscriptions are deleted. Donations keep amount
    and date (the newsroom's books) but lose name, address and message.
    """
    email = email.strip().lower()
    with write_transaction():
        comments = _comments(email)
        found = list(comments.values_list("pk", "thread_id"))
        ids = [pk for pk, _thread in found]
        threads = {thread for _pk, thread in found}
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
        Comment.objects.filter(pk__in=ids).update(**changes)
        ModerationRecord.objects.filter(comment__in=ids).update(reader="")
        voters = [f"u:{pk}" for pk in _accounts(email)]
        Vote.objects.filter(voter__in=voters).update(ip_hash="")
        subscriptions = Subscription.objects.filter(email__iexact=email).delete()[0]
        Flag.objects.filter(notify_email__iexact=email).update(notify_email="")
        donations = Donation.objects.filter(donor_email__iexact=email).update(
            donor_name="",
            donor_email="",
            message="",
            anonymous=True,
            on_wall=False,
            supporter_badge=False,
            ip_hash="",
        )
        threads_recount(threads)
        AuditEntry.objects.create(
            action=AuditEntry.Action.ERASED,
            actor=actor if actor is not None and actor.is_authenticated else None,
            system="" if actor is not None and actor.is_authenticated else "reader",
            reason=f"{len(ids)} comments "
            + ("removed" if remove_comments else "anonymized")
            + f", {subscriptions} subscriptions, {donations} donations",
        )
    return Summary(len(ids), subscriptions, donations)
