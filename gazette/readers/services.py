"""Everything Gazette holds about one e-mail address: to hand over, or to erase.

An address links a reader to their comments (and, for an account, to the
account's comments and votes), their subscriptions and their donations.
Guests' votes and reports are tied to a browser, not an address, so they
cannot be found by it; they hold no name, address or IP (only keyed hashes).
Each app that holds any of it answers for its own part (``holders``); this
module only asks them. See docs/privacy.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from gazette.core.db import write_transaction
from gazette.core.tokens import Purpose
from gazette.readers import signals
from gazette.readers.holders import Who, holders

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


def data_for(email: str) -> dict[str, Any]:
    """All of it, as plain data (the reader's download)."""
    who = Who.of(email)
    found: dict[str, Any] = {
        "format": "gazette-reader-data",
        "version": FORMAT,
        "email": who.email,
        "exported_at": timezone.now().isoformat(),
    }
    for holder in holders():
        found.update(holder.reader_data(who))
    return found


@dataclass(frozen=True)
class Summary:
    comments: int
    subscriptions: int
    donations: int

    @classmethod
    def of(cls, counts: dict[str, int]) -> Summary:
        return cls(
            counts.get("comments", 0),
            counts.get("subscriptions", 0),
            counts.get("donations", 0),
        )


def summary_for(email: str) -> Summary:
    who = Who.of(email)
    counts: dict[str, int] = {}
    for holder in holders():
        counts.update(holder.reader_count(who))
    return Summary.of(counts)


def erase(email: str, *, remove_comments: bool, actor: Any = None) -> Summary:
    """Remove what identifies the reader; keep what others' replies hang on.

    Each app erases its part (see its ``reader_erase``), all in one
    transaction; the audit log records the erasure (``reader_erased``).
    """
    who = Who.of(email)
    with write_transaction():
        counts: dict[str, int] = {}
        for holder in holders():
            counts.update(holder.reader_erase(who, remove_comments=remove_comments))
        signals.reader_erased.send(
            sender=Who,
            who=who,
            counts=counts,
            remove_comments=remove_comments,
            actor=actor,
        )
    return Summary.of(counts)


def account_erase(user: Any, *, remove_comments: bool) -> Summary:
    """The reader erases their account: their data as for any address, then
    the account itself (its name and addresses go with it)."""
    with write_transaction():
        erased = erase(str(user.email), remove_comments=remove_comments)
        get_user_model().objects.filter(pk=user.pk).delete()
    return erased
