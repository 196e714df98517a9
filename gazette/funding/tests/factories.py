"""Drives and donations built through Gazette's own code."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gazette.funding import services
from gazette.funding.models import Donation, Drive


def drive(**fields: Any) -> Drive:
    values: dict[str, Any] = {
        "title": "Keep the harbour desk open",
        "slug": "harbour-desk",
        "goal": Decimal("5000"),
        "currency": "USD",
        "starts_at": timezone.now() - timedelta(days=1),
        "featured": True,
        "thank_you": "Your gift keeps a reporter on the harbour beat.",
    }
    values.update(fields)
    return services.drive_save(Drive(**values))


def gift(drive: Drive, amount: str, **fields: Any) -> Donation:
    """A gift staff entered by hand (paid at once)."""
    values: dict[str, Any] = {
        "drive": drive,
        "amount": Decimal(amount),
        "currency": drive.currency,
        "method": Donation.Method.TRANSFER,
        "donor_name": "Ada Reader",
    }
    values.update(fields)
    return services.donation_record_manual(**values)
