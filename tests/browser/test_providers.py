"""Signing in with an OpenID provider: npm oidc-provider, a real one, on loopback."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.artifacts import snap


def test_a_reader_signs_in_with_an_openid_provider(
    new_page: Callable[..., Page], oidc_provider: str
) -> None:
    reader = new_page()
    reader.goto("/account/sign-in/")
    assert_accessible(reader)
    reader.get_by_role("button", name="Sign in with Test Provider").click()

    # The provider's own pages (its development sign-in and consent).
    reader.wait_for_url(f"{oidc_provider}/**")
    reader.locator("input[name=login]").fill("ana")
    reader.locator("input[name=password]").fill("anything")
    reader.locator("button[type=submit]").click()
    reader.locator("button[type=submit]").click()  # consent: Continue

    expect(
        reader.get_by_role("heading", name="Your account", exact=True)
    ).to_be_visible()
    expect(reader.locator("main")).to_contain_text("Signed in as ana@op.example")
    expect(reader.get_by_label("Name shown with your comments")).to_have_value(
        "Reader ana"
    )
    places = reader.get_by_role("list", name="Where you are signed in")
    expect(places).to_contain_text("with Test Provider")
    snap(reader, "signed-in-with-a-provider")

    # Out, and in again: the same account.
    reader.get_by_role("button", name="Sign out", exact=True).click()
    reader.get_by_role("button", name="Sign in with Test Provider").click()
    reader.wait_for_url("**/account/**")
    expect(reader.locator("main")).to_contain_text("Signed in as ana@op.example")
