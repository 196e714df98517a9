"""Stripe's signed events through the real endpoint and database."""

from __future__ import annotations

import json
import threading
import time
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from gazette.funding import selectors, totals
from gazette.funding.models import Donation, Drive, WebhookEvent
from gazette.funding.tests import fake_stripe as stripe
from gazette.funding.tests.conftest import WEBHOOK, PostEvent
from gazette.funding.tests.fake_stripe import FakeStripe

pytestmark = pytest.mark.django_db


def _pending(frequency: str = "one_time", amount: str = "25.00") -> Donation:
    response = Client().post(
        "/api/v1/drives/harbour-desk/checkout",
        {
            "amount": amount,
            "frequency": frequency,
            "email": "donor@example.org",
            "name": "Ada",
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return Donation.objects.latest("pk")


def _paid(post_event: PostEvent, amount: int = 2500) -> Donation:
    donation = _pending(amount=str(Decimal(amount) / 100))
    completed = stripe.session_completed(
        donation.pk,
        session_id=donation.checkout_session_id,
        amount=amount,
        payment_intent=stripe.new_id("pi"),
    )
    assert post_event(completed).status_code == 200
    donation.refresh_from_db()
    return donation


def _monthly(post_event: PostEvent, subscription: str, invoice: str) -> Donation:
    """A $10 monthly gift whose first payment went through."""
    first = _pending(frequency="monthly", amount="10")
    post_event(
        stripe.session_completed(
            first.pk,
            session_id=first.checkout_session_id,
            amount=1000,
            subscription=subscription,
            invoice=invoice,
        )
    )
    first.refresh_from_db()
    return first


def _renewal(
    first: Donation, invoice_id: str, kind: str = "invoice.paid", **fields: Any
) -> dict[str, Any]:
    """An invoice event for a $10 payment of ``first``'s subscription."""
    return stripe.invoice(
        kind,
        invoice_id=invoice_id,
        subscription=first.subscription_id,
        donation_id=first.pk,
        amount=1000,
        **fields,
    )


def _raised(drive: Drive) -> Decimal:
    return totals.compute(drive).main


def test_a_paid_checkout_counts_and_sends_a_receipt(
    drive: Drive, post_event: PostEvent, mailbox: Any
) -> None:
    donation = _paid(post_event)

    assert donation.status == Donation.Status.PAID
    assert donation.payment_intent_id.startswith("pi_test_")
    assert _raised(drive) == Decimal("25.00")
    assert selectors.goal_bar(drive).raised == "$25"
    [receipt] = mailbox.messages
    assert receipt["To"] == "donor@example.org"
    assert "$25" in receipt["Subject"]
    text, html = (
        part.get_payload(decode=True).decode()
        for part in receipt.walk()
        if part.get_content_maintype() == "text"
    )
    assert f"G-{donation.pk}" in text
    assert "harbour beat" in text
    assert "<table>" in html


def test_a_replayed_event_changes_nothing(
    drive: Drive, post_event: PostEvent, mailbox: Any
) -> None:
    donation = _pending()
    completed = stripe.session_completed(
        donation.pk, session_id=donation.checkout_session_id, amount=2500
    )

    first = post_event(completed)
    again = post_event(completed)

    assert first.json() == {"received": True, "outcome": "paid"}
    assert again.status_code == 200
    assert again.json()["outcome"] == "duplicate"
    assert WebhookEvent.objects.count() == 1
    assert _raised(drive) == Decimal("25.00")
    assert len(mailbox.messages) == 1


@pytest.mark.parametrize(
    "header",
    [
        "",
        "t=1,v1=deadbeef",
        "t=1,v1=\u00e9\u00e9\u00e9",
        "t=\uff11,v1=deadbeef",
        "\u2603" * 5000,
        stripe.signature(b"{}", secret="whsec_someone_else"),
    ],
)
def test_a_bad_signature_is_400_and_writes_nothing(
    drive: Drive, stripe_fake: FakeStripe, header: str
) -> None:
    donation = _pending()
    completed = stripe.session_completed(
        donation.pk, session_id=donation.checkout_session_id, amount=2500
    )
    response = Client().post(
        WEBHOOK,
        json.dumps(completed),
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    )

    assert response.status_code == 400
    assert response.json()["code"] == "bad_signature"
    assert not WebhookEvent.objects.exists()
    donation.refresh_from_db()
    assert donation.status == Donation.Status.PENDING


def test_a_stale_signature_is_refused(drive: Drive, post_event: PostEvent) -> None:
    donation = _pending()
    completed = stripe.session_completed(
        donation.pk, session_id=donation.checkout_session_id, amount=2500
    )

    response = post_event(completed, at=int(time.time()) - 3600)

    assert response.status_code == 400
    assert not WebhookEvent.objects.exists()


def test_a_signed_payload_that_is_not_an_event_is_400(
    drive: Drive, stripe_fake: FakeStripe
) -> None:
    for payload in (b"not json", b"[1, 2]"):
        response = Client().post(
            WEBHOOK,
            payload,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=stripe.signature(payload),
        )
        assert response.status_code == 400


def test_without_a_webhook_secret_the_endpoint_says_so(
    drive: Drive, settings: Any
) -> None:
    settings.STRIPE_WEBHOOK_SECRET = ""
    response = Client().post(
        WEBHOOK, b"{}", content_type="application/json", HTTP_STRIPE_SIGNATURE="x"
    )

    assert response.status_code == 503


def test_unknown_events_and_foreign_payments_are_acknowledged(
    drive: Drive, post_event: PostEvent
) -> None:
    unknown = post_event(stripe.event("customer.created", {"id": "cus_1"}))
    foreign = post_event(
        stripe.charge_refunded(payment_intent="pi_not_ours", amount=900, refunded=900)
    )

    assert unknown.json()["outcome"] == "ignored"
    assert foreign.json()["outcome"] == "not a Gazette payment"


def test_async_payments_wait_then_succeed_or_fail(
    drive: Drive, post_event: PostEvent
) -> None:
    slow, failing = _pending(), _pending()
    for donation in (slow, failing):
        post_event(
            stripe.session_completed(
                donation.pk,
                session_id=donation.checkout_session_id,
                amount=2500,
                payment_status="unpaid",
            )
        )
    assert _raised(drive) == 0

    post_event(
        stripe.session_completed(
            slow.pk,
            session_id=slow.checkout_session_id,
            amount=2500,
            payment_intent="pi_test_slow",
            kind="checkout.session.async_payment_succeeded",
        )
    )
    post_event(
        stripe.session_completed(
            failing.pk,
            session_id=failing.checkout_session_id,
            amount=2500,
            payment_status="unpaid",
            kind="checkout.session.async_payment_failed",
        )
    )

    slow.refresh_from_db()
    failing.refresh_from_db()
    assert (slow.status, slow.payment_intent_id) == ("paid", "pi_test_slow")
    assert failing.status == Donation.Status.FAILED
    assert _raised(drive) == Decimal("25.00")


def test_refunds_lower_the_total(drive: Drive, post_event: PostEvent) -> None:
    donation = _paid(post_event, amount=4000)
    intent = donation.payment_intent_id

    post_event(
        stripe.charge_refunded(payment_intent=intent, amount=4000, refunded=1500)
    )
    assert _raised(drive) == Decimal("25.00")
    post_event(
        stripe.charge_refunded(payment_intent=intent, amount=4000, refunded=4000)
    )

    donation.refresh_from_db()
    assert donation.status == Donation.Status.REFUNDED
    assert donation.refunded_amount == Decimal("40.00")
    assert _raised(drive) == 0


def test_disputes_take_money_out_until_won(drive: Drive, post_event: PostEvent) -> None:
    won, lost = _paid(post_event), _paid(post_event, amount=1000)
    for donation in (won, lost):
        post_event(
            stripe.dispute(
                "charge.dispute.created",
                payment_intent=donation.payment_intent_id,
                amount=int(donation.amount * 100),
            )
        )
    assert _raised(drive) == 0

    post_event(
        stripe.dispute(
            "charge.dispute.closed",
            payment_intent=won.payment_intent_id,
            amount=2500,
            status="won",
        )
    )
    post_event(
        stripe.dispute(
            "charge.dispute.closed",
            payment_intent=lost.payment_intent_id,
            amount=1000,
            status="lost",
        )
    )

    lost.refresh_from_db()
    assert lost.status == Donation.Status.DISPUTED
    assert _raised(drive) == Decimal("25.00")


def test_a_monthly_gift_renews_fails_and_ends(
    drive: Drive, post_event: PostEvent, stripe_fake: FakeStripe, mailbox: Any
) -> None:
    subscription = "sub_test_monthly"
    first = _monthly(post_event, subscription, "in_test_1")
    post_event(
        _renewal(
            first,
            "in_test_1",
            billing_reason="subscription_create",
            payment_intent="pi_test_first",
        )
    )
    stripe_fake.invoice_intents["in_test_2"] = "pi_test_second"
    renewal = post_event(_renewal(first, "in_test_2"))
    post_event(_renewal(first, "in_test_3", kind="invoice.payment_failed"))
    post_event(stripe.subscription_deleted(subscription))

    rows = list(Donation.objects.order_by("pk"))
    assert [(d.invoice_id, d.status) for d in rows] == [
        ("in_test_1", "paid"),
        ("in_test_2", "paid"),
        ("in_test_3", "failed"),
    ]
    assert renewal.json()["outcome"] == "paid"
    assert rows[0].payment_intent_id == "pi_test_first"
    assert rows[1].payment_intent_id == "pi_test_second"
    assert all(d.subscription_ended_at for d in rows)
    assert rows[1].donor_email == "donor@example.org"
    assert _raised(drive) == Decimal("20.00")
    assert totals.compute(drive).donors == 1
    assert len(mailbox.messages) == 2


def test_the_first_invoice_may_arrive_before_the_checkout_event(
    drive: Drive, post_event: PostEvent
) -> None:
    first = _pending(frequency="yearly", amount="60")
    early = post_event(
        stripe.invoice(
            "invoice.paid",
            invoice_id="in_test_early",
            subscription="sub_test_yearly",
            donation_id=first.pk,
            amount=6000,
            billing_reason="subscription_create",
            payment_intent="pi_test_early",
        )
    )
    late = post_event(
        stripe.session_completed(
            first.pk,
            session_id=first.checkout_session_id,
            amount=6000,
            subscription="sub_test_yearly",
            invoice="in_test_early",
        )
    )

    assert early.json()["outcome"] == "paid"
    assert late.json()["outcome"] == "already paid"
    assert Donation.objects.count() == 1
    assert _raised(drive) == Decimal("60.00")


def test_a_failing_lookup_is_500_so_stripe_retries(
    drive: Drive, post_event: PostEvent, stripe_fake: FakeStripe
) -> None:
    first = _monthly(post_event, "sub_test_retry", "in_test_a")
    renewal = _renewal(first, "in_test_b")
    stripe_fake.fail_with = 500

    failed = post_event(renewal)
    assert failed.status_code == 500
    assert Donation.objects.count() == 1
    assert not WebhookEvent.objects.filter(event_id=renewal["id"]).exists()

    stripe_fake.fail_with = None
    stripe_fake.invoice_intents["in_test_b"] = "pi_test_b"
    retried = post_event(renewal)
    assert retried.json()["outcome"] == "paid"
    assert Donation.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_deliveries_make_one_donation(
    drive: Drive, post_event: PostEvent
) -> None:
    first = _monthly(post_event, "sub_test_race", "in_test_first")
    renewal = _renewal(first, "in_test_race", payment_intent="pi_test_race")
    # The same event twice, and the same invoice in a second event, all at once.
    twin = {**renewal, "id": stripe.new_id("evt")}
    events = [renewal, renewal, twin, renewal]
    start = threading.Barrier(len(events))
    answers: list[int] = []

    def deliver(event: dict[str, Any]) -> None:
        start.wait()
        try:
            answers.append(post_event(event).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver, args=(e,)) for e in events]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert answers == [200] * len(events)
    assert Donation.objects.filter(invoice_id="in_test_race").count() == 1
    assert WebhookEvent.objects.count() == 3  # the first payment, and two events
    assert _raised(drive) == Decimal("20.00")


def test_metadata_that_names_no_donation_of_ours_is_not_ours(
    drive: Drive, post_event: PostEvent
) -> None:
    for donation_id in ("99999999999999999999999", "-1", "abc"):
        event = stripe.session_completed(1, session_id="cs_test_stranger", amount=500)
        event["data"]["object"]["metadata"]["gazette_donation"] = donation_id

        response = post_event(event)

        assert response.status_code == 200
        assert response.json()["outcome"] == "not a Gazette payment"
    assert not Donation.objects.exists()


def test_an_abandoned_checkout_expires_as_failed(
    drive: Drive, post_event: PostEvent
) -> None:
    donation = _pending()

    response = post_event(
        stripe.session_completed(
            donation.pk,
            session_id=donation.checkout_session_id,
            amount=2500,
            payment_status="unpaid",
            kind="checkout.session.expired",
        )
    )

    donation.refresh_from_db()
    assert response.json()["outcome"] == "failed"
    assert donation.status == Donation.Status.FAILED
    assert _raised(drive) == 0
