"""A reader adds a passkey and signs in with it: Chromium's virtual authenticator.

WebAuthn needs a domain, never an IP address, for the relying party: these
pages are opened at ``localhost`` (the same server as ``127.0.0.1``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.artifacts import snap
from tests.browser.readers import sign_in_by_code
from tests.mailbox import Mailbox


def test_a_reader_adds_a_passkey_and_signs_in_with_it(
    new_page: Callable[..., Page], server_url: str, server_mailbox: Mailbox
) -> None:
    site = server_url.replace("127.0.0.1", "localhost")
    reader = new_page(base_url=site)
    device = reader.context.new_cdp_session(reader)
    device.send("WebAuthn.enable")
    authenticator = device.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )["authenticatorId"]

    # Signed in once by mail, the reader adds a passkey.
    address = f"passkey-{uuid.uuid4().hex[:6]}@example.org"
    sign_in_by_code(reader, server_mailbox, address)
    reader.get_by_label("Name of the new passkey").fill("Work laptop")
    reader.get_by_role("button", name="Add a passkey").click()
    expect(
        reader.get_by_role("status").filter(has_text="passkey is added")
    ).to_be_visible()
    keys = reader.get_by_role("list", name="Passkeys")
    expect(keys).to_contain_text("Work laptop")
    credentials = device.send(
        "WebAuthn.getCredentials", {"authenticatorId": authenticator}
    )
    assert len(credentials["credentials"]) == 1
    assert credentials["credentials"][0]["isResidentCredential"] is True

    # Signed out, the passkey alone signs them in again.
    reader.get_by_role("button", name="Sign out", exact=True).click()
    expect(reader.get_by_role("button", name="Sign in with a passkey")).to_be_visible()
    assert_accessible(reader)
    reader.get_by_role("button", name="Sign in with a passkey").click()
    expect(reader.locator("main")).to_contain_text(f"Signed in as {address}")
    places = reader.get_by_role("list", name="Where you are signed in")
    expect(places).to_contain_text("with a passkey")
    expect(keys).to_contain_text("Last used on")
    snap(reader, "signed-in-with-a-passkey")
