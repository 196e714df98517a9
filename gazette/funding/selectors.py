"""What funding pages need: drives, their goal bars, donor walls and reports."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from gazette.funding import money, totals
from gazette.funding.errors import DriveNotFound
from gazette.funding.models import Donation, Drive

_FEATURED_KEY = "funding:featured"
WALL_SIZE = 60


def drives_open() -> QuerySet[Drive]:
    now = timezone.now()
    return Drive.objects.filter(starts_at__lte=now).filter(
        Q(ends_at__isnull=True) | Q(ends_at__gt=now)
    )


def drive_get(slug: str) -> Drive:
    drive = Drive.objects.filter(slug=slug).first()
    if drive is None:
        raise DriveNotFound(
            _("There is no donation drive called “%(slug)s”.") % {"slug": slug[:100]}
        )
    return drive


def drive_featured() -> Drive | None:
    """The featured drive if it is open; cached, so articles pay no query."""
    found = cache.get(_FEATURED_KEY)
    if found is None:
        drive = drives_open().filter(featured=True).first()
        found = drive or False
        cache.set(_FEATURED_KEY, found, 300)
    return found or None


def featured_changed() -> None:
    cache.delete(_FEATURED_KEY)


@dataclass(frozen=True)
class GoalBar:
    """The reference page's bar: ticks at 0, half and the goal, raised, donors."""

    drive: Drive
    totals: totals.Totals

    @property
    def ticks(self) -> list[str]:
        goal = self.drive.goal
        return [
            money.money(Decimal(0), self.drive.currency),
            money.money(goal / 2, self.drive.currency),
            money.money(goal, self.drive.currency),
        ]

    @property
    def raised(self) -> str:
        return money.money(self.totals.main, self.drive.currency)

    @property
    def goal(self) -> str:
        return money.money(self.drive.goal, self.drive.currency)

    @property
    def others(self) -> list[str]:
        return [
            money.money(amount, currency) for currency, amount in self.totals.others
        ]

    @property
    def percent(self) -> str:
        return money.percent(self.totals.fraction)

    @property
    def width(self) -> str:
        """The filled share of the bar in CSS, capped at 100 % beyond the goal."""
        return f"{min(self.totals.fraction, 1.0) * 100:.1f}%"

    @property
    def value_now(self) -> Decimal:
        """``aria-valuenow``: at most the goal, as ARIA wants; the text says more."""
        return min(self.totals.main, self.drive.goal)

    @property
    def value_text(self) -> str:
        return _("%(raised)s raised of %(goal)s (%(percent)s)") % {
            "raised": self.raised,
            "goal": self.goal,
            "percent": self.percent,
        }

    @property
    def donors(self) -> int:
        return self.totals.donors


def goal_bar(drive: Drive) -> GoalBar:
    return GoalBar(drive=drive, totals=totals.for_drive(drive))


def drive_data(drive: Drive) -> dict[str, Any]:
    """A drive as the public API shows it; amounts as strings, per currency."""
    found = totals.for_drive(drive)
    return {
        "slug": drive.slug,
        "title": drive.title,
        "url": drive.get_absolute_url(),
        "currency": drive.currency,
        "goal": str(drive.goal),
        "raised": {currency: str(amount) for currency, amount in found.raised.items()},
        "percent": round(found.fraction * 100, 1),
        "donors": found.donors,
        "starts_at": drive.starts_at,
        "ends_at": drive.ends_at,
        "featured": drive.featured,
        "open": drive.is_open(),
    }


def donor_wall(drive: Drive) -> list[Donation]:
    """Donors who chose to be listed, newest first; anonymous ones as such."""
    return list(
        totals.counted(drive.pk)
        .filter(on_wall=True)
        .order_by("-paid_at")
        .only("donor_name", "anonymous", "message", "paid_at")[:WALL_SIZE]
    )


def preset_amounts(drive: Drive) -> list[Decimal]:
    found = [money.parse_amount(part) for part in drive.preset_amounts.split(",")]
    return [amount for amount in found if amount is not None][:8]


@dataclass(frozen=True)
class Report:
    """A drive's figures for the newsroom; every sum is per currency."""

    drive: Drive
    totals: list[dict[str, Any]]
    by_month: list[dict[str, Any]]
    by_article: list[dict[str, Any]]
    by_status: list[dict[str, Any]]
    recurring_active: int


def _net() -> Any:
    return Sum(F("amount") - F("refunded_amount"))


def drive_report(drive: Drive) -> Report:
    counted = totals.counted(drive.pk)
    by_article = list(
        counted.values("article_id", "currency")
        .annotate(raised=_net(), gifts=Count("pk"))
        .order_by("-raised")
    )
    titles = dict(
        Page.objects.filter(
            pk__in={row["article_id"] for row in by_article}
        ).values_list("pk", "title")
    )
    for row in by_article:
        row["title"] = titles.get(row["article_id"]) or _(
            "No article (came straight to the drive)"
        )
    return Report(
        drive=drive,
        totals=list(
            counted.values("currency")
            .annotate(raised=_net(), gifts=Count("pk"))
            .order_by("currency")
        ),
        by_month=list(
            counted.annotate(month=TruncMonth("paid_at"))
            .values("month", "currency")
            .annotate(raised=_net(), gifts=Count("pk"))
            .order_by("-month", "currency")
        ),
        by_article=by_article,
        by_status=list(
            Donation.objects.filter(drive=drive)
            .values("status", "currency")
            .annotate(amount=Sum("amount"), gifts=Count("pk"))
            .order_by("status", "currency")
        ),
        recurring_active=counted.exclude(subscription_id="")
        .filter(subscription_ended_at=None)
        .values("subscription_id")
        .distinct()
        .count(),
    )


def donations_for_export(drive: Drive) -> QuerySet[Donation]:
    return (
        Donation.objects.filter(drive=drive)
        .select_related("article")
        .order_by("created_at", "pk")
    )


def donation_by_session(session_id: str) -> Donation | None:
    if not session_id or len(session_id) > 255:
        return None
    return (
        Donation.objects.select_related("drive")
        .filter(checkout_session_id=session_id)
        .first()
    )
