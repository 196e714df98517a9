"""A donor changes or stops a recurring gift in Stripe's (faked) customer portal."""

from __future__ import annotations

import pytest
from django.test import Client

from gazette.funding.models import Donation, Drive
from gazette.funding.tests import fake_stripe as stripe
from gazette.funding.tests.conftest import PostEvent
from gazette.funding.tests.fake_stripe import FakeStripe
from gazette.readers import signin

pytestmark = pytest.mark.django_db
DONOR = "donor@example.org"


def _gift(post_event: PostEvent, frequency: str, email: str = DONOR) -> Donation:
    response = Client().post(
        "/api/v1/drives/harbour-desk/checkout",
        {"amount": "10", "frequency": frequency, "email": email, "name": "Ada"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    pending = Donation.objects.latest("pk")
    recurring = frequency != "one_time"
    post_event(
        stripe.session_completed(
            pending.pk,
            session_id=pending.checkout_session_id,
            amount=1000,
            subscription=stripe.new_id("sub") if recurring else None,
            invoice=stripe.new_id("in") if recurring else None,
            payment_intent=None if recurring else stripe.new_id("pi"),
            customer=stripe.new_id("cus"),
        )
    )
    return Donation.objects.get(pk=pending.pk)


def _donor(email: str = DONOR) -> Client:
    user, _new = signin.account_for(email)
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_a_monthly_donor_opens_the_portal_and_sees_the_gift_stop(
    drive: Drive, post_event: PostEvent, stripe_fake: FakeStripe
) -> None:
    gift = _gift(post_event, "monthly")
    assert gift.customer_id.startswith("cus_")
    donor = _donor()
    page = donor.get("/account/").content.decode()
    assert "Change the card, or stop the gift" in page

    opened = donor.post(f"/support/gifts/{gift.pk}/manage/")

    assert opened.status_code == 302
    assert opened["Location"].startswith(f"{stripe_fake.base_url}/portal/bps_")
    [call] = [c for c in stripe_fake.calls if c.path == "/v1/billing_portal/sessions"]
    assert call.params["customer"] == gift.customer_id
    assert call.params["return_url"].endswith("/account/")

    post_event(stripe.subscription_deleted(gift.subscription_id))
    page = donor.get("/account/").content.decode()
    assert "stopped" in page
    assert "Change the card, or stop the gift" not in page
    assert donor.post(f"/support/gifts/{gift.pk}/manage/").status_code == 400


def test_only_the_donors_own_running_recurring_gift_opens_the_portal(
    drive: Drive, post_event: PostEvent, stripe_fake: FakeStripe
) -> None:
    monthly = _gift(post_event, "monthly")
    once = _gift(post_event, "one_time")
    someone = _donor("someone@example.org")

    assert someone.post(f"/support/gifts/{monthly.pk}/manage/").status_code == 404
    assert _donor().post(f"/support/gifts/{once.pk}/manage/").status_code == 400
    away = Client().post(f"/support/gifts/{monthly.pk}/manage/")
    assert away.status_code == 302
    assert "/account/sign-in/" in away["Location"]
    assert Client().get(f"/support/gifts/{monthly.pk}/manage/").status_code == 405
    assert not [c for c in stripe_fake.calls if "billing_portal" in c.path]


def test_a_portal_the_provider_refuses_is_a_clear_502(
    drive: Drive, post_event: PostEvent, stripe_fake: FakeStripe
) -> None:
    gift = _gift(post_event, "yearly")
    stripe_fake.fail_with = 500

    refused = _donor().post(f"/support/gifts/{gift.pk}/manage/")

    assert refused.status_code == 502
    assert "try again soon" in refused.content.decode()


@pytest.mark.parametrize("raw", ["99999999999999999999", "007", "-1", "١٢", "1e3"])
def test_a_gift_id_that_is_not_one_is_a_404(drive: Drive, raw: str) -> None:
    assert _donor().post(f"/support/gifts/{raw}/manage/").status_code == 404
