"""A reader's gifts: for their download, and for erasure.

Registered under ``gazette_reader_data`` (see ``gazette.readers.holders``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string

from gazette.funding import badges
from gazette.funding.models import Donation
from gazette.funding.services import portal
from gazette.readers.holders import Who, iso


def _of(who: Who) -> QuerySet[Donation]:
    return Donation.objects.filter(donor_email__iexact=who.email)


def reader_data(who: Who) -> dict[str, list[dict[str, Any]]]:
    return {
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
                "created": iso(d.created_at),
                "paid": iso(d.paid_at),
            }
            for d in _of(who).select_related("drive").order_by("created_at")
        ]
    }


def reader_count(who: Who) -> dict[str, int]:
    return {"donations": _of(who).count()}


def reader_claim(who: Who, user: Any, request: HttpRequest) -> None:
    """Signed in with a donor's address: the badge shows on their proven
    comments, on every device (an account's comments are proven)."""
    badges.badge_refresh(who.email)


def reader_erase(who: Who, *, remove_comments: bool) -> dict[str, int]:
    """Gifts keep amount and date (the newsroom's books) but lose name,
    address and message."""
    erased = _of(who).update(
        donor_name="",
        donor_email="",
        message="",
        anonymous=True,
        on_wall=False,
        supporter_badge=False,
        ip_hash="",
    )
    return {"donations": erased}


def account_page(who: Who, request: HttpRequest) -> str:
    """The gifts made with the account's address."""
    gifts = [
        (gift, portal.manageable(gift))
        for gift in _of(who).select_related("drive").order_by("-created_at")[:100]
    ]
    return render_to_string(
        "funding/account_gifts.html", {"gifts": gifts}, request=request
    )
