"""Bans, banned terms and policies, kept in each process until one changes.

Every comment needs all three. Reading them costs one query that tells
whether anything changed since the last comment (each table's row count,
newest change and highest id); only then are they loaded again. This needs no
cache shared between processes: the database is the shared truth.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection
from django.utils import timezone

from gazette.moderation.models import Ban, BannedTerm, Policy
from gazette.moderation.terms import TermMatcher


@dataclass
class Rules:
    """What moderation needs for every comment."""

    bans: dict[tuple[str, str], list[Ban]]
    terms: TermMatcher
    policies: dict[str, Policy]  # the page's tree path; "" for the site policy

    def active_ban(self, candidates: list[tuple[str, str]]) -> Ban | None:
        """The ban on any of ``(kind, value)`` in force now; permanent ones first."""
        now = timezone.now()
        found = [
            ban
            for key in candidates
            for ban in self.bans.get(key, ())
            if ban.expires_at is None or ban.expires_at > now
        ]
        return min(found, key=_lasting_first, default=None)

    def policies_over(self, path: str) -> list[Policy]:
        """The policies of the page at ``path`` and of its ancestors, nearest first."""
        above = sorted(
            (key for key in self.policies if key and path.startswith(key)),
            key=len,
            reverse=True,
        )
        site = self.policies.get("")
        chain = [self.policies[key] for key in above]
        return [*chain, site] if site else chain


def _lasting_first(ban: Ban) -> tuple[bool, datetime]:
    return (ban.expires_at is not None, ban.expires_at or timezone.now())


_loaded: dict[tuple[Any, ...], Rules] = {}


def current() -> Rules:
    stamp = _stamp()
    rules = _loaded.get(stamp)
    if rules is None:
        rules = _load()
        _loaded.clear()
        _loaded[stamp] = rules
    return rules


def _stamp() -> tuple[Any, ...]:
    # Table names come from the models, never from input.
    tables = ", ".join(
        f"(SELECT COUNT(*), MAX(updated_at), MAX(id) FROM {model._meta.db_table})"  # noqa: S608
        f" AS t{i}"
        for i, model in enumerate((Ban, BannedTerm, Policy))
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {tables}")  # noqa: S608
        row = cursor.fetchone()
    return tuple(row or ())


def _load() -> Rules:
    bans: dict[tuple[str, str], list[Ban]] = defaultdict(list)
    for ban in Ban.objects.all():
        bans[(ban.kind, ban.value)].append(ban)
    policies = {
        (p.page.path if p.page is not None else ""): p
        for p in Policy.objects.select_related("page")
    }
    terms = TermMatcher.build(list(BannedTerm.objects.values_list("term", flat=True)))
    return Rules(dict(bans), terms, policies)
