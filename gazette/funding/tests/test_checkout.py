"""Starting a donation: the API, the plain-HTML form, and card-testing defences."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from gazette.funding.models import Donation, Drive
from gazette.funding.tests import factories
from gazette.funding.tests.fake_stripe import FakeStripe

pytestmark = pytest.mark.django_db


def _checkout(client: Client, slug: str = "harbour-desk", **body: Any) -> Any:
    payload = {"amount": "25.00", "email": "donor@example.org", "name": "Ada", **body}
    return client.post(
        f"/api/v1/drives/{slug}/checkout", payload, content_type="application/json"
    )


def test_api_checkout_opens_a_stripe_session_for_a_pending_donation(
    client: Client, drive: Drive, stripe_fake: FakeStripe, article: Any
) -> None:
    response = _checkout(client, article_id=article.pk, wall=True, message="Go on")

    assert response.status_code == 200
    donation = Donation.objects.get()
    assert donation.status == Donation.Status.PENDING
    assert (donation.amount, donation.currency) == (Decimal("25.00"), "USD")
    assert donation.article_id == article.pk
    assert donation.on_wall is True
    assert response.json() == {
        "checkout_url": f"{stripe_fake.base_url}/pay/{donation.checkout_session_id}"
    }
    call = stripe_fake.checkout_calls()[0]
    assert call.params["mode"] == "payment"
    assert call.params["line_items[0][price_data][unit_amount]"] == "2500"
    assert call.params["line_items[0][price_data][currency]"] == "usd"
    assert call.params["metadata[gazette_donation]"] == str(donation.pk)
    assert call.params["customer_email"] == "donor@example.org"
    assert call.headers["idempotency-key"] == f"gazette-donation-{donation.pk}"
    assert call.headers["stripe-version"] == "2026-10-28.endive"
    assert "{CHECKOUT_SESSION_ID}" in call.params["success_url"]


def test_monthly_gift_opens_a_subscription(
    client: Client, drive: Drive, stripe_fake: FakeStripe
) -> None:
    assert _checkout(client, frequency="monthly").status_code == 200

    call = stripe_fake.checkout_calls()[0]
    assert call.params["mode"] == "subscription"
    assert call.params["line_items[0][price_data][recurring][interval]"] == "month"
    donation = Donation.objects.get()
    assert call.params["subscription_data[metadata][gazette_donation]"] == str(
        donation.pk
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"amount": "1.00"}, "amount"),
        ({"amount": "ten"}, "amount"),
        ({"amount": "-5"}, "amount"),
        ({"amount": "25.001"}, "amount"),
        ({"amount": "1e100"}, "amount"),
        ({"amount": "1E3"}, "amount"),
        ({"amount": 1e100}, "amount"),
        ({"amount": "NaN"}, "amount"),
        ({"amount": "Infinity"}, "amount"),
        ({"amount": "\u00b2\u00b2"}, "amount"),
        ({"amount": "\u0662\u0665"}, "amount"),
        ({"amount": True}, "amount"),
        ({"amount": "9" * 40}, "amount"),
        ({"amount": "50000"}, "amount"),
        ({"email": "not-an-address"}, "email"),
        ({"frequency": "weekly"}, "frequency"),
        ({"message": "x" * 1001}, "message"),
        ({"article_id": 999999}, "article_id"),
    ],
)
def test_bad_input_is_refused_with_the_field_named(
    client: Client,
    drive: Drive,
    stripe_fake: FakeStripe,
    body: dict[str, Any],
    field: str,
) -> None:
    response = _checkout(client, **body)

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Donation.objects.exists()
    assert not stripe_fake.calls


def test_zero_decimal_currencies_take_no_cents(
    client: Client, stripe_fake: FakeStripe
) -> None:
    factories.drive(slug="yen", currency="JPY", goal=Decimal("500000"))

    refused = _checkout(client, "yen", amount="2500.50")
    accepted = _checkout(client, "yen", amount="2500")

    assert refused.status_code == 400
    assert "JPY" in refused.json()["errors"]["amount"]
    assert accepted.status_code == 200
    assert (
        stripe_fake.checkout_calls()[0].params["line_items[0][price_data][unit_amount]"]
        == "2500"
    )


def test_missing_fields_and_wrong_content_type_are_400(
    client: Client, drive: Drive, stripe_fake: FakeStripe
) -> None:
    missing = client.post(
        "/api/v1/drives/harbour-desk/checkout", {}, content_type="application/json"
    )
    form = client.post("/api/v1/drives/harbour-desk/checkout", {"amount": "25"})

    assert missing.status_code == 400
    assert set(missing.json()["errors"]) >= {"amount", "email"}
    assert form.status_code == 400
    assert form.json()["code"] == "invalid_json"


def test_unknown_or_closed_drives(client: Client, stripe_fake: FakeStripe) -> None:
    factories.drive(
        slug="over",
        featured=False,
        starts_at=timezone.now() - timedelta(days=30),
        ends_at=timezone.now() - timedelta(days=1),
    )

    assert _checkout(client, "nope").status_code == 404
    closed = _checkout(client, "over")
    assert closed.status_code == 409
    assert closed.json()["code"] == "drive_closed"


def test_without_stripe_keys_donations_are_unavailable_not_broken(
    client: Client, drive: Drive, settings: Any
) -> None:
    settings.STRIPE_SECRET_KEY = ""

    api = _checkout(client)
    page = client.get("/support/harbour-desk/")

    assert api.status_code == 503
    assert api.json()["code"] == "donations_unavailable"
    assert page.status_code == 200
    assert "Online donations are not set up on this site yet" in page.content.decode()
    assert not Donation.objects.exists()


@pytest.mark.parametrize("status", [500, 402])
def test_a_provider_failure_leaves_no_donation_behind(
    client: Client, drive: Drive, stripe_fake: FakeStripe, status: int
) -> None:
    stripe_fake.fail_with = status

    response = _checkout(client)

    assert response.status_code == 502
    assert response.json()["code"] == "provider_failed"
    assert not Donation.objects.exists()


def test_card_testers_are_stopped_per_network(
    client: Client, drive: Drive, stripe_fake: FakeStripe
) -> None:
    answers = [
        _checkout(client, email=f"card{n}@example.org").status_code for n in range(6)
    ]

    assert answers == [200] * 5 + [429]
    assert Donation.objects.count() == 5


def test_card_testers_are_stopped_per_email_and_per_drive(
    drive: Drive, stripe_fake: FakeStripe, settings: Any
) -> None:
    settings.GAZETTE_RATELIMIT_CHECKOUT_DRIVE = "7/60"
    same_email = [
        _checkout(Client(REMOTE_ADDR=f"10.0.0.{n}")).status_code for n in range(6)
    ]
    other_emails = [
        _checkout(
            Client(REMOTE_ADDR=f"10.0.1.{n}"), email=f"d{n}@example.org"
        ).status_code
        for n in range(3)
    ]

    assert same_email == [200] * 5 + [429]
    assert other_emails == [200, 200, 429]
    assert Donation.objects.count() == 7


def test_the_form_redirects_to_checkout(
    client: Client, drive: Drive, stripe_fake: FakeStripe, article: Any
) -> None:
    response = client.post(
        "/support/harbour-desk/",
        {
            "preset": "other",
            "amount_other": "40",
            "frequency": "yearly",
            "name": "Bo",
            "email": "bo@example.org",
            "anonymous": "on",
            "article": str(article.pk),
            "website": "",
        },
    )

    donation = Donation.objects.get()
    assert response.status_code == 303
    assert response["Location"].startswith(f"{stripe_fake.base_url}/pay/cs_test_")
    assert (donation.amount, donation.frequency) == (Decimal("40.00"), "yearly")
    assert donation.anonymous is True
    assert donation.article_id == article.pk
    assert (
        stripe_fake.checkout_calls()[0].params[
            "line_items[0][price_data][recurring][interval]"
        ]
        == "year"
    )


def test_the_form_shows_errors_and_keeps_what_was_typed(
    client: Client, drive: Drive, stripe_fake: FakeStripe
) -> None:
    response = client.post(
        "/support/harbour-desk/",
        {"preset": "25", "frequency": "one_time", "name": "Bo", "email": "nope"},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Enter the e-mail address for your receipt." in html
    assert 'value="Bo"' in html
    assert not Donation.objects.exists()


def test_the_honeypot_catches_robots(
    client: Client, drive: Drive, stripe_fake: FakeStripe
) -> None:
    response = client.post(
        "/support/harbour-desk/",
        {"preset": "25", "email": "bot@example.org", "website": "http://spam"},
    )

    assert response.status_code == 400
    assert "Leave the last field empty" in response.content.decode()
    assert not Donation.objects.exists()
    assert not stripe_fake.calls


def test_openapi_document_lists_the_funding_contract(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    assert {"get"} <= set(paths["/api/v1/drives"])
    assert {"get"} <= set(paths["/api/v1/drives/{slug}"])
    assert {"post"} <= set(paths["/api/v1/drives/{slug}/checkout"])
    assert {"post"} <= set(paths["/api/v1/payments/stripe/webhook"])


@settings(max_examples=80, deadline=None, derandomize=True, database=None)
@given(
    amount=st.one_of(
        st.text(max_size=40),
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(),
        st.decimals(allow_nan=False, allow_infinity=False).map(str),
    )
)
def test_any_amount_gets_an_answer_never_a_server_error(amount: Any) -> None:
    response = _checkout(Client(), "no-such-drive", amount=amount)

    assert response.status_code in (400, 404)
