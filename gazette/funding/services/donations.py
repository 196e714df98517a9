"""Donation state changes and what follows them (totals, receipts, badges)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from gazette.core.db import write_transaction
from gazette.funding import badges, signals, totals
from gazette.funding.models import Donation, Drive

Status = Donation.Status


def donation_changed(donation: Donation, *, paid_now: bool = False) -> None:
    """After commit: fresh totals, a receipt for a new payment, badge upkeep."""
    drive_id, donation_id = donation.drive_id, donation.pk

    def effects() -> None:
        from gazette.funding import tasks

        totals.invalidate(drive_id)
        if paid_now and donation.donor_email:
            tasks.send_receipt.enqueue(donation_id)
        if donation.supporter_badge:  # only a donor who asked can gain or lose it
            badges.badge_refresh(donation.donor_email)
        signals.donation_changed.send(sender=Donation, donation=donation)

    transaction.on_commit(effects)


def mark_paid(donation: Donation, *, at: datetime | None = None) -> bool:
    """Pending (or failed) → paid; False when it was already paid or past it."""
    if donation.status not in (Status.PENDING, Status.FAILED):
        return False
    donation.status = Status.PAID
    donation.paid_at = at or timezone.now()
    donation.save(update_fields=["status", "paid_at"])
    donation_changed(donation, paid_now=True)
    return True


def mark_failed(donation: Donation) -> bool:
    """Pending → failed; a paid donation stays paid (a late, stale event)."""
    if donation.status != Status.PENDING:
        return False
    donation.status = Status.FAILED
    donation.save(update_fields=["status"])
    donation_changed(donation)
    return True


def record_refund(donation: Donation, refunded: Decimal) -> bool:
    """Set what has been refunded so far; refunded in full → status refunded."""
    refunded = min(max(refunded, Decimal("0")), donation.amount)
    if refunded == donation.refunded_amount:
        return False
    donation.refunded_amount = refunded
    if refunded == donation.amount and donation.status == Status.PAID:
        donation.status = Status.REFUNDED
    donation.save(update_fields=["refunded_amount", "status"])
    donation_changed(donation)
    return True


def mark_disputed(donation: Donation) -> bool:
    """A chargeback: the money is held by the bank, so it leaves the total."""
    if donation.status not in (Status.PAID, Status.REFUNDED):
        return False
    donation.status = Status.DISPUTED
    donation.save(update_fields=["status"])
    donation_changed(donation)
    return True


def dispute_closed(donation: Donation, *, won: bool) -> bool:
    """Won: the money comes back into the total. Lost: it stays out."""
    if donation.status != Status.DISPUTED or not won:
        return False
    fully_refunded = donation.refunded_amount >= donation.amount
    donation.status = Status.REFUNDED if fully_refunded else Status.PAID
    donation.save(update_fields=["status"])
    donation_changed(donation)
    return True


def donation_record_manual(
    *,
    drive: Drive,
    amount: Decimal,
    currency: str,
    method: str,
    frequency: str = Donation.Frequency.ONE_TIME,
    donor_name: str = "",
    donor_email: str = "",
    anonymous: bool = False,
    on_wall: bool = False,
    supporter_badge: bool = False,
    message: str = "",
    article: Page | None = None,
    received_at: datetime | None = None,
    note: str = "",
    entered_by: User | AnonymousUser | None = None,
    send_receipt: bool = False,
) -> Donation:
    """A gift staff received outside Stripe (cheque, transfer, crypto): paid.

    Preconditions: the amount is positive and the currency a valid code (the
    admin form checks both). It counts in the drive's totals like any other.
    """
    with write_transaction():
        donation = Donation.objects.create(
            drive=drive,
            amount=amount,
            currency=currency.upper(),
            frequency=frequency,
            status=Status.PAID,
            provider=Donation.Provider.MANUAL,
            method=method,
            donor_name=donor_name,
            donor_email=donor_email,
            anonymous=anonymous,
            on_wall=on_wall,
            supporter_badge=supporter_badge,
            message=message,
            article=article,
            note=note,
            paid_at=received_at or timezone.now(),
            entered_by=entered_by if isinstance(entered_by, User) else None,
        )
        donation_changed(donation, paid_now=send_receipt)
    return donation


def donation_update_manual(donation: Donation, fields: list[str]) -> None:
    """Save staff edits of a donation (its wall and badge choices, a note)."""
    with write_transaction():
        donation.save(update_fields=fields)
        donation_changed(donation)


def donation_delete_manual(donation: Donation) -> None:
    """Remove a gift staff entered by mistake; the totals follow."""
    with write_transaction():
        donation.delete()
        transaction.on_commit(lambda: totals.invalidate(donation.drive_id))
        if donation.supporter_badge:
            transaction.on_commit(lambda: badges.badge_refresh(donation.donor_email))
