"""A reader gives: the goal bar, the support form, Checkout, the webhook, the total;
a monthly donor stops the gift in Stripe's portal."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from playwright.sync_api import Page, expect

from gazette.funding.tests import fake_stripe
from gazette.funding.tests.fake_stripe import FakeStripe
from tests.browser.accessibility import assert_accessible
from tests.browser.artifacts import snap
from tests.browser.readers import send_webhook, sign_in_by_code
from tests.mailbox import Mailbox

ARTICLE = "/city/sea-wall-breach-floods-harbour-district/"


def test_a_reader_gives_and_the_bar_moves(
    new_page: Callable[..., Page], server_url: str, stripe_server: FakeStripe
) -> None:
    page = new_page()
    page.goto(ARTICLE)
    banner = page.locator(".drive-banner")
    expect(banner.locator(".goal-bar__raised")).to_have_text("$3,250")
    expect(banner.locator(".goal-bar__scale li")).to_have_text(
        ["$0", "$2,500", "$5,000"]
    )
    expect(banner.locator(".goal-bar__percent")).to_have_text("65%")
    expect(banner.locator(".goal-bar__donors")).to_have_text("7 donors")
    bar = page.get_by_role("progressbar")
    expect(bar).to_have_attribute("aria-valuenow", "3250.00")
    expect(bar).to_have_attribute("aria-valuetext", "$3,250 raised of $5,000 (65%)")
    snap(page, "funding-article-banner")

    page.get_by_role("link", name="Support The Valmora Ledger").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Keep the harbour desk open"
    )
    expect(page.locator(".donor-wall")).to_contain_text("Harbour Rowing Club")
    expect(page.locator(".donor-wall")).to_contain_text("Anonymous")
    assert_accessible(page)
    page.get_by_label("50", exact=True).check()
    page.get_by_label("Monthly").check()
    page.get_by_label("Name").fill("Rita Reader")
    page.get_by_label("E-mail (for your receipt; never shown)").fill("rita@example.org")
    page.get_by_label("A message for the newsroom (optional)").fill("For the pumps.")
    snap(page, "funding-support-form")
    page.get_by_role("button", name="Continue to payment").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Fake Stripe Checkout")
    assert page.url.startswith(f"{stripe_server.base_url}/pay/cs_test_")
    expect(page.locator("#amount")).to_have_text("5000 usd")
    call = stripe_server.checkout_calls()[-1]
    assert call.params["mode"] == "subscription"
    donation_id = int(call.params["metadata[gazette_donation]"])
    session_id = page.url.rsplit("/", 1)[1]

    watcher = new_page()  # a reader who has the article open while Rita pays
    watcher.goto(ARTICLE)
    expect(watcher.locator(".drive-banner .goal-bar__raised")).to_have_text("$3,250")
    completed = fake_stripe.session_completed(
        donation_id,
        session_id=session_id,
        amount=5000,
        subscription="sub_test_rita",
        invoice="in_test_rita",
    )
    assert send_webhook(server_url, completed) == 200

    # The open page follows the drive's totals without a reload.
    watched = watcher.locator(".drive-banner")
    expect(watched.locator(".goal-bar__raised")).to_have_text("$3,300")
    expect(watched.locator(".goal-bar__donors")).to_have_text("8 donors")
    expect(watched.get_by_role("progressbar")).to_have_attribute(
        "aria-valuenow", "3300.00"
    )

    page.goto(f"{server_url}/support/harbour-desk/thanks/?session_id={session_id}")
    expect(page.get_by_role("status")).to_contain_text(
        "Your gift of 50.00 USD has arrived"
    )
    page.goto(f"{server_url}{ARTICLE}")
    expect(banner.locator(".goal-bar__raised")).to_have_text("$3,300")
    expect(banner.locator(".goal-bar__percent")).to_have_text("66%")
    expect(banner.locator(".goal-bar__donors")).to_have_text("8 donors")
    expect(page.get_by_role("progressbar")).to_have_attribute(
        "aria-valuenow", "3300.00"
    )
    assert "rita@example.org" not in page.content()
    snap(page, "funding-after-webhook")


def test_the_goal_bar_embeds_in_another_site(page: Page, host_site: str) -> None:
    page.goto(f"{host_site}/drive.html")

    frame = page.frame_locator("iframe[src*='/embed/drives/harbour-desk']")
    expect(frame.get_by_role("progressbar")).to_be_visible()
    expect(frame.locator(".goal-bar__scale li")).to_have_count(3)
    expect(frame.get_by_role("link", name="Support The Valmora Ledger")).to_be_visible()
    snap(page, "funding-embed")


# After the test above: this gift moves the bar it checks to the dollar.
def test_a_monthly_donor_stops_the_gift_in_stripes_portal(
    new_page: Callable[..., Page],
    server_url: str,
    stripe_server: FakeStripe,
    server_mailbox: Mailbox,
) -> None:
    donor, tag = f"donor-{uuid.uuid4().hex[:6]}@example.org", uuid.uuid4().hex[:8]
    page = new_page()
    page.goto("/support/harbour-desk/")
    page.get_by_label("25", exact=True).check()
    page.get_by_label("Monthly").check()
    page.get_by_label("Name").fill("Marta Monthly")
    page.get_by_label("E-mail (for your receipt; never shown)").fill(donor)
    page.get_by_role("button", name="Continue to payment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fake Stripe Checkout")
    call = stripe_server.checkout_calls()[-1]
    paid = fake_stripe.session_completed(
        int(call.params["metadata[gazette_donation]"]),
        session_id=page.url.rsplit("/", 1)[1],
        amount=2500,
        subscription=f"sub_{tag}",
        invoice=f"in_{tag}",
        customer=f"cus_{tag}",
    )
    assert send_webhook(server_url, paid) == 200

    sign_in_by_code(page, server_mailbox, donor)
    gifts = page.locator(".account-gifts")
    expect(gifts).to_contain_text("25.00 USD, monthly")
    page.get_by_role("button", name="Change the card, or stop the gift").click()

    # Stripe's portal (faked at its HTTP boundary) for the donor's customer.
    expect(
        page.get_by_role("heading", name="Fake Stripe customer portal")
    ).to_be_visible()
    expect(page.locator("#customer")).to_have_text(f"cus_{tag}")
    # The donor cancels there; Stripe tells Gazette, and sends them back.
    assert (
        send_webhook(server_url, fake_stripe.subscription_deleted(f"sub_{tag}")) == 200
    )
    page.get_by_role("link", name="Return to the newsroom").click()
    expect(gifts).to_contain_text("stopped")
    assert_accessible(page)
    snap(page, "account-gift-stopped")
