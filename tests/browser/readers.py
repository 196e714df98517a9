"""Browser-test helpers: signing in by the mailed code; Stripe's webhooks."""

from __future__ import annotations

import json
import re
import urllib.request

from playwright.sync_api import Page, expect

from gazette.funding.tests import fake_stripe
from tests.mailbox import Mailbox


def sign_in_by_code(page: Page, mailbox: Mailbox, address: str) -> None:
    """Ask for a sign-in mail at /account/sign-in/ and type its code."""
    page.goto("/account/sign-in/")
    page.get_by_label("E-mail").fill(address)
    page.get_by_role("button", name="Mail me a sign-in link").click()
    mail = mailbox.wait_for(address, "Or type this code")
    code = re.search(r"code where you asked: (\d{6})", mail)
    assert code, mail
    page.get_by_label("Code from the mail").fill(code.group(1))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your account", exact=True)).to_be_visible()


def send_webhook(server_url: str, event: dict[str, object]) -> int:
    """Post a Stripe event, signed as Stripe signs it, to the server."""
    payload = json.dumps(event).encode()
    request = urllib.request.Request(  # noqa: S310 (the test server on loopback)
        f"{server_url}/api/v1/payments/stripe/webhook",
        data=payload,
        headers={
            "Content-Type": "application/json",
            "Stripe-Signature": fake_stripe.signature(payload),
        },
    )
    with urllib.request.urlopen(request) as response:  # noqa: S310
        return int(response.status)
