"""Stripe's events, each processed once, whatever order or how often they come.

A replayed event finds its row in ``WebhookEvent`` and changes nothing. Two
deliveries of one event at once race for that row's unique key: the loser
waits for the winner's transaction and then sees a duplicate. A handler that
fails rolls the whole event back (its row too), so Stripe's retry runs it again.
Objects that are not Gazette's (other products on the same Stripe account) are
acknowledged and left alone.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.db import IntegrityError
from django.utils import timezone

from gazette.core.db import write_transaction
from gazette.core.numbers import canonical_id
from gazette.funding import gateway, money
from gazette.funding.models import Donation, WebhookEvent
from gazette.funding.services import donations

logger = logging.getLogger(__name__)

Object = dict[str, Any]
Handler = Callable[[Object, dict[str, Any]], str]
NOT_OURS = "not a Gazette payment"


def _ours(obj: Object) -> int | None:
    """Our donation id from the object's metadata, if we made it."""
    raw = str((obj.get("metadata") or {}).get("gazette_donation", ""))
    return canonical_id(raw)


def _locked(**lookup: Any) -> Donation | None:
    if not any(lookup.values()):
        return None
    return Donation.objects.select_for_update().filter(**lookup).first()


def _id(value: Any) -> str:
    """An id field that may arrive as an id or as an expanded object."""
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else ""


def _paid_at(obj: Object) -> datetime:
    created = obj.get("created")
    if isinstance(created, int):
        return datetime.fromtimestamp(created, tz=UTC)
    return timezone.now()


def _take_amount(donation: Donation, units: Any, currency: Any) -> None:
    """Stripe's figures are the truth: keep them if they differ from the pledge."""
    if isinstance(units, int) and isinstance(currency, str) and units > 0:
        amount = money.from_minor(units, currency)
        if (amount, currency.upper()) != (donation.amount, donation.currency):
            logger.warning(
                "Donation %s: Stripe charged %s %s", donation.pk, amount, currency
            )
            donation.amount, donation.currency = amount, currency.upper()
            donation.save(update_fields=["amount", "currency"])


def _session_completed(session: Object, extra: dict[str, Any]) -> str:
    donation = _locked(pk=_ours(session)) or _locked(
        checkout_session_id=_id(session.get("id"))
    )
    if donation is None:
        return NOT_OURS
    donation.checkout_session_id = _id(session.get("id")) or (
        donation.checkout_session_id
    )
    donation.payment_intent_id = _id(session.get("payment_intent")) or (
        donation.payment_intent_id
    )
    donation.subscription_id = _id(session.get("subscription")) or (
        donation.subscription_id
    )
    donation.customer_id = _id(session.get("customer")) or donation.customer_id
    invoice = _id(session.get("invoice"))
    if invoice and not Donation.objects.filter(invoice_id=invoice).exists():
        donation.invoice_id = invoice
    donation.livemode = bool(session.get("livemode"))
    donation.save()
    _take_amount(donation, session.get("amount_total"), session.get("currency"))
    if session.get("payment_status") in ("paid", "no_payment_required"):
        return "paid" if donations.mark_paid(donation) else "already paid"
    return "awaiting payment"


def _async_succeeded(session: Object, extra: dict[str, Any]) -> str:
    donation = _locked(pk=_ours(session))
    if donation is None:
        return NOT_OURS
    donation.payment_intent_id = _id(session.get("payment_intent")) or (
        donation.payment_intent_id
    )
    donation.save(update_fields=["payment_intent_id"])
    return "paid" if donations.mark_paid(donation) else "already paid"


def _session_failed(session: Object, extra: dict[str, Any]) -> str:
    donation = _locked(pk=_ours(session))
    if donation is None:
        return NOT_OURS
    return "failed" if donations.mark_failed(donation) else "unchanged"


def _subscription_of(invoice: Object) -> tuple[str, int | None]:
    """The subscription an invoice bills, and our donation id from its metadata."""
    details = (invoice.get("parent") or {}).get("subscription_details") or {}
    return _id(details.get("subscription")), _ours(details)


def inline_payment_intent(invoice: Object) -> str:
    """The payment intent in an invoice's ``payments`` list, when it is included."""
    for item in (invoice.get("payments") or {}).get("data") or []:
        found = _id((item.get("payment") or {}).get("payment_intent"))
        if found:
            return found
    return ""


def _renewal(first: Donation, invoice: Object) -> Donation:
    """A new row for the next payment of a recurring gift, like the first."""
    return Donation(
        drive_id=first.drive_id,
        amount=first.amount,
        currency=first.currency,
        frequency=first.frequency,
        provider=first.provider,
        subscription_id=first.subscription_id,
        livemode=bool(invoice.get("livemode")),
        donor_name=first.donor_name,
        donor_email=first.donor_email,
        anonymous=first.anonymous,
        on_wall=first.on_wall,
        supporter_badge=first.supporter_badge,
        article_id=first.article_id,
        invoice_id=_id(invoice.get("id")),
    )


def _invoice_donation(invoice: Object) -> Donation | None:
    """The donation an invoice pays: the first gift, a known renewal, or a new one.

    The recurring gift's first donation is locked before anything is looked
    up, so two events about one invoice at once make one row, not two.
    """
    invoice_id = _id(invoice.get("id"))
    subscription, donation_id = _subscription_of(invoice)
    first = _locked(pk=donation_id) or (
        Donation.objects.select_for_update()
        .filter(subscription_id=subscription)
        .order_by("pk")
        .first()
        if subscription
        else None
    )
    known = _locked(invoice_id=invoice_id)
    if known is not None or first is None:
        return known
    first.subscription_id = first.subscription_id or subscription
    if not first.invoice_id and (
        invoice.get("billing_reason") in ("subscription_create", None)
        or first.status == Donation.Status.PENDING
    ):
        first.invoice_id = invoice_id
        first.save(update_fields=["invoice_id", "subscription_id"])
        return first
    renewal = _renewal(first, invoice)
    renewal.save()
    return renewal


def _invoice_paid(invoice: Object, extra: dict[str, Any]) -> str:
    donation = _invoice_donation(invoice)
    if donation is None:
        return NOT_OURS
    intent = inline_payment_intent(invoice) or extra.get("payment_intent", "")
    if intent and not donation.payment_intent_id:
        donation.payment_intent_id = intent
        donation.save(update_fields=["payment_intent_id"])
    _take_amount(donation, invoice.get("amount_paid"), invoice.get("currency"))
    return (
        "paid"
        if donations.mark_paid(donation, at=_paid_at(invoice))
        else "already paid"
    )


def _invoice_failed(invoice: Object, extra: dict[str, Any]) -> str:
    donation = _invoice_donation(invoice)
    if donation is None:
        return NOT_OURS
    return "failed" if donations.mark_failed(donation) else "unchanged"


def _subscription_deleted(subscription: Object, extra: dict[str, Any]) -> str:
    subscription_id = _id(subscription.get("id"))
    if not subscription_id:
        return NOT_OURS
    ended = Donation.objects.filter(
        subscription_id=subscription_id, subscription_ended_at=None
    ).update(subscription_ended_at=timezone.now())
    return f"recurring gift ended ({ended} payments)" if ended else NOT_OURS


def _charge_refunded(charge: Object, extra: dict[str, Any]) -> str:
    donation = _locked(payment_intent_id=_id(charge.get("payment_intent")))
    if donation is None:
        return NOT_OURS
    refunded = charge.get("amount_refunded")
    currency = charge.get("currency") or donation.currency
    if not isinstance(refunded, int):
        return "no refund amount"
    changed = donations.record_refund(donation, money.from_minor(refunded, currency))
    return "refunded" if changed else "unchanged"


def _dispute_created(dispute: Object, extra: dict[str, Any]) -> str:
    donation = _locked(payment_intent_id=_id(dispute.get("payment_intent")))
    if donation is None:
        return NOT_OURS
    return "disputed" if donations.mark_disputed(donation) else "unchanged"


def _dispute_closed(dispute: Object, extra: dict[str, Any]) -> str:
    donation = _locked(payment_intent_id=_id(dispute.get("payment_intent")))
    if donation is None:
        return NOT_OURS
    won = dispute.get("status") in ("won", "warning_closed")
    return "reinstated" if donations.dispute_closed(donation, won=won) else "unchanged"


HANDLERS: dict[str, Handler] = {
    "checkout.session.completed": _session_completed,
    "checkout.session.async_payment_succeeded": _async_succeeded,
    "checkout.session.async_payment_failed": _session_failed,
    "checkout.session.expired": _session_failed,
    "invoice.paid": _invoice_paid,
    "invoice.payment_failed": _invoice_failed,
    "customer.subscription.deleted": _subscription_deleted,
    "charge.refunded": _charge_refunded,
    "charge.dispute.created": _dispute_created,
    "charge.dispute.closed": _dispute_closed,
}


def _prefetch(kind: str, obj: Object) -> dict[str, Any]:
    """Ask Stripe, before any transaction opens, what the event leaves out.

    Since the 2025 API versions an invoice no longer names the payment intent
    that paid it; refunds and disputes name only that, so we look it up once.
    """
    if kind != "invoice.paid" or inline_payment_intent(obj):
        return {}
    subscription, donation_id = _subscription_of(obj)
    if donation_id is None and not (
        subscription and Donation.objects.filter(subscription_id=subscription).exists()
    ):
        return {}
    return {
        "payment_intent": gateway.gateway().invoice_payment_intent(_id(obj.get("id")))
    }


def event_process(*, event: dict[str, Any]) -> str:
    """Apply one verified Stripe event; returns what happened, for the log.

    Preconditions: the event's signature was verified. Raises on a handler
    error, after rolling everything back, so the endpoint answers 5xx.
    """
    kind = str(event.get("type", ""))
    handler = HANDLERS.get(kind)
    event_id = _id(event.get("id"))
    obj = event.get("data", {}).get("object")
    if handler is None:
        return "ignored"
    if not event_id or not isinstance(obj, dict):
        return "malformed"
    if WebhookEvent.objects.filter(event_id=event_id).exists():
        return "duplicate"
    extra = _prefetch(kind, obj)
    try:
        with write_transaction():
            record = WebhookEvent.objects.create(event_id=event_id, type=kind)
            outcome = handler(obj, extra)
            record.outcome = outcome[:255]
            record.save(update_fields=["outcome"])
    except IntegrityError:
        if WebhookEvent.objects.filter(event_id=event_id).exists():
            return "duplicate"
        raise
    logger.info("Stripe %s %s: %s", kind, event_id, outcome)
    return outcome
