"""What a drive has raised, per currency, cached until a donation changes.

The cache key carries a version that every change bumps, so a reader that
computed old totals while a payment landed can never overwrite fresh ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Lower

from gazette.funding import gateway
from gazette.funding.models import Donation, Drive

_TIMEOUT = 24 * 3600


@dataclass(frozen=True)
class Totals:
    """Money raised per currency (never summed across currencies) and donors."""

    goal: Decimal
    currency: str
    raised: dict[str, Decimal]
    donors: int

    @property
    def main(self) -> Decimal:
        """Raised in the drive's own currency: what the goal bar fills with."""
        return self.raised.get(self.currency, Decimal("0"))

    @property
    def others(self) -> list[tuple[str, Decimal]]:
        """Gifts in other currencies, shown beside the bar, never added to it."""
        return sorted((c, a) for c, a in self.raised.items() if c != self.currency)

    @property
    def fraction(self) -> float:
        return float(self.main / self.goal) if self.goal else 0.0


def counted(drive_id: int | None = None) -> QuerySet[Donation]:
    """Donations that count: paid (less refunds), in the site's Stripe mode.

    Test-mode payments do not count on a site running live keys; gifts staff
    entered always count. Refunded, disputed, failed and pending ones do not.
    """
    mode = Q(provider=Donation.Provider.MANUAL) | Q(livemode=gateway.live())
    donations = Donation.objects.filter(mode, status=Donation.Status.PAID)
    return donations if drive_id is None else donations.filter(drive_id=drive_id)


def _version(drive_id: int) -> int:
    return int(cache.get_or_set(f"funding:totals-version:{drive_id}", 1, None) or 1)


def invalidate(drive_id: int) -> None:
    key = f"funding:totals-version:{drive_id}"
    cache.add(key, 1, None)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 2, None)


def compute(drive: Drive) -> Totals:
    donations = counted(drive.pk)
    raised = {
        row["currency"]: row["net"]
        for row in donations.values("currency")
        .annotate(net=Sum(F("amount") - F("refunded_amount")))
        .order_by("currency")
    }
    donors = donations.aggregate(
        emails=Count(Lower("donor_email"), distinct=True, filter=~Q(donor_email="")),
        unnamed=Count("pk", filter=Q(donor_email="")),
    )
    return Totals(
        goal=drive.goal,
        currency=drive.currency,
        raised={c: Decimal(a).quantize(Decimal("0.01")) for c, a in raised.items()},
        donors=donors["emails"] + donors["unnamed"],
    )


def for_drive(drive: Drive) -> Totals:
    """The drive's totals: from the cache, or two queries."""
    key = f"funding:totals:{drive.pk}:{_version(drive.pk)}:{gateway.live()}"
    found = cache.get(key)
    if isinstance(found, Totals) and (found.goal, found.currency) == (
        drive.goal,
        drive.currency,
    ):
        return found
    fresh = compute(drive)
    cache.set(key, fresh, _TIMEOUT)
    return fresh
