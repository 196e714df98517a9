"""The transparency report: per month, what readers reported and what was decided.

What the DSA's article 15 asks a platform to publish, from the audit log:
reports received, decisions by kind and rule, automated against human,
appeals and reversals, and the median time from a comment's hold or report
(or its posting) to a person's decision. Rules that carry scores
("attack ≥ 0.80") are grouped without them.
"""

from __future__ import annotations

import csv
import io
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count
from django.db.models.functions import TruncMonth

from gazette.discussion.models import Comment
from gazette.moderation.models import Appeal, AuditEntry, Flag

DECISIONS = (
    AuditEntry.Action.HELD,
    AuditEntry.Action.SPAM,
    AuditEntry.Action.REJECTED,
    AuditEntry.Action.APPROVED,
    AuditEntry.Action.REINSTATED,
    AuditEntry.Action.UPHELD,
)
STARTS = (AuditEntry.Action.HELD, AuditEntry.Action.REPORTED)
_SCORE = re.compile(r"\s*[<>≥≤]=?\s*\d+(?:\.\d+)?|\s+\d+(?:\.\d+)?\b")
MONTHS = 24


def rule_group(entry: AuditEntry) -> str:
    """The rule without its figures; "reported by …" is reader reports."""
    rule = entry.rule.strip()
    if rule.startswith("reported by"):
        return "reader reports"
    return _SCORE.sub("", rule).strip() or "unnamed"


@dataclass
class Month:
    month: str
    reports: int = 0
    decisions: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    appeals: int = 0
    reversals: int = 0
    median_hours: float | None = None

    @property
    def automated(self) -> int:
        return sum(n for (_a, _r, by), n in self.decisions.items() if by == "gazette")

    @property
    def human(self) -> int:
        return sum(n for (_a, _r, by), n in self.decisions.items() if by == "person")

    @property
    def rows(self) -> list[tuple[str, str, str, int]]:
        return sorted(
            ((action, rule, by, n) for (action, rule, by), n in self.decisions.items()),
            key=lambda row: (-row[3], row),
        )


def _key(moment: datetime) -> str:
    return moment.strftime("%Y-%m")


def report(months: int = MONTHS) -> list[Month]:
    """The latest ``months`` months with any activity, newest first."""
    found: dict[str, Month] = {}

    def month(moment: datetime) -> Month:
        key = _key(moment)
        return found.setdefault(key, Month(key))

    reports = Flag.objects.annotate(m=TruncMonth("created_at")).values("m")
    for row in reports.annotate(n=Count("pk")):
        month(row["m"]).reports += row["n"]
    entries = AuditEntry.objects.filter(action__in=DECISIONS).only(
        "action", "rule", "actor_id", "system", "created_at", "comment_id"
    )
    human: list[AuditEntry] = []
    for entry in entries.iterator():
        by = "person" if entry.actor_id else "gazette"
        month(entry.created_at).decisions[(entry.action, rule_group(entry), by)] += 1
        if entry.actor_id and entry.comment_id:
            human.append(entry)
    for appeal in Appeal.objects.only("created_at", "decided_at", "status"):
        month(appeal.created_at).appeals += 1
        if appeal.status == Appeal.Status.REINSTATED and appeal.decided_at:
            month(appeal.decided_at).reversals += 1
    _median_hours(human, month)
    return sorted(found.values(), key=lambda m: m.month, reverse=True)[:months]


def _median_hours(human: list[AuditEntry], month: Callable[[datetime], Month]) -> None:
    """Hours from the last hold or report before each person's decision (or posting)."""
    starts: dict[int, list[datetime]] = defaultdict(list)
    ids = {e.comment_id for e in human}
    for comment_id, at in AuditEntry.objects.filter(
        comment_id__in=ids, action__in=STARTS
    ).values_list("comment_id", "created_at"):
        starts[comment_id or 0].append(at)
    posted = dict(Comment.objects.filter(pk__in=ids).values_list("pk", "created_at"))
    waits: dict[str, list[float]] = defaultdict(list)
    holders: dict[str, Month] = {}
    for entry in human:
        before = [at for at in starts[entry.comment_id or 0] if at <= entry.created_at]
        start = max(before) if before else posted.get(entry.comment_id or 0)
        if start is not None:
            holder = holders.setdefault(_key(entry.created_at), month(entry.created_at))
            wait = (entry.created_at - start).total_seconds() / 3600
            waits[holder.month].append(max(0.0, wait))
    for key, found in waits.items():
        holders[key].median_hours = round(statistics.median(found), 2)


def as_csv(months: list[Month]) -> str:
    """One row per figure: month, measure, action, rule, decided by, value."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["month", "measure", "action", "rule", "decided_by", "value"])
    for m in months:
        writer.writerow([m.month, "reports received", "", "", "", m.reports])
        for action, rule, by, n in m.rows:
            writer.writerow([m.month, "decisions", action, rule, by, n])
        writer.writerow(
            [m.month, "automated decisions", "", "", "gazette", m.automated]
        )
        writer.writerow([m.month, "human decisions", "", "", "person", m.human])
        writer.writerow([m.month, "appeals", "", "", "", m.appeals])
        writer.writerow([m.month, "reversals on appeal", "", "", "", m.reversals])
        median = "" if m.median_hours is None else m.median_hours
        writer.writerow(
            [m.month, "median hours to a person's decision", "", "", "", median]
        )
    return out.getvalue()
