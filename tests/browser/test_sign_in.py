"""A reader signs in by mail, with the code and with the link, and out everywhere."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.artifacts import snap
from tests.mailbox import Mailbox

ARTICLE = "/city/sea-wall-breach-floods-harbour-district/"


def test_a_reader_signs_in_by_code_and_by_link_and_out_everywhere(
    new_page: Callable[..., Page], server_mailbox: Mailbox
) -> None:
    address = f"reader-{uuid.uuid4().hex[:6]}@example.org"
    laptop = new_page()
    laptop.goto("/")
    laptop.get_by_role("link", name="Your account").click()
    laptop.get_by_label("E-mail").fill(address)
    assert_accessible(laptop)
    laptop.get_by_role("button", name="Mail me a sign-in link").click()
    expect(laptop.get_by_role("status")).to_contain_text("A link and a code")

    mail = server_mailbox.wait_for(address, "Or type this code")
    code = re.search(r"code where you asked: (\d{6})", mail)
    link = re.search(r"https?://\S+(/account/sign-in/\S+/)", mail)
    assert code, mail
    assert link, mail
    laptop.get_by_label("Code from the mail").fill(code.group(1))
    snap(laptop, "sign-in-code")
    laptop.get_by_role("button", name="Sign in").click()
    expect(
        laptop.get_by_role("heading", name="Your account", exact=True)
    ).to_be_visible()
    expect(laptop.locator("main")).to_contain_text(f"Signed in as {address}")
    expect(laptop.locator("main")).to_contain_text("Choose the name shown")
    name = f"Marta {uuid.uuid4().hex[:4]}"
    laptop.get_by_label("Name shown with your comments").fill(name)
    laptop.get_by_role("button", name="Save name").click()
    expect(laptop.get_by_role("status")).to_contain_text("Your name is saved.")
    assert_accessible(laptop)
    snap(laptop, "account-page")

    # Signed in, a comment goes out under the chosen name, with no name field.
    laptop.goto(ARTICLE)
    form = laptop.locator("#comment-form")
    expect(form.get_by_label("Name")).to_have_count(0)
    words = f"Signed in and commenting {uuid.uuid4().hex[:6]}."
    form.get_by_label("Join the discussion").fill(words)
    form.get_by_role("button", name="Post comment").click()
    posted = laptop.locator(".comment", has_text=words)
    expect(posted.locator(".comment__author")).to_have_text(name)

    # A guest cannot take the name.
    guest = new_page()
    guest.goto(ARTICLE)
    form = guest.locator("#comment-form")
    form.get_by_label("Join the discussion").fill("Pretending to be someone.")
    form.get_by_label("Name").fill(name.upper())
    form.get_by_role("button", name="Post comment").click()
    expect(form).to_contain_text("A registered reader or the newsroom")
    laptop.goto("/account/")

    # The same mail's link is spent: the phone asks for a new one.
    phone = new_page(viewport={"width": 390, "height": 844})
    phone.goto(link.group(1))
    expect(phone.get_by_role("alert")).to_contain_text("wrong, used or expired")
    phone.goto("/account/sign-in/")
    phone.get_by_label("E-mail").fill(address)
    phone.get_by_role("button", name="Mail me a sign-in link").click()
    expect(phone.get_by_role("status")).to_contain_text("A link and a code")
    server_mailbox.messages.clear()
    phone.get_by_role("link", name="Use another address, or ask again").click()
    phone.get_by_label("E-mail").fill(address)
    phone.get_by_role("button", name="Mail me a sign-in link").click()
    mail = server_mailbox.wait_for(address, "Or type this code")
    link = re.search(r"https?://\S+(/account/sign-in/\S+/)", mail)
    assert link, mail
    phone.goto(link.group(1))
    expect(phone.locator("main")).to_contain_text(f"Sign in as {address}")
    snap(phone, "sign-in-link")
    phone.get_by_role("button", name="Sign in").click()
    expect(phone.locator("main")).to_contain_text(f"Signed in as {address}")

    laptop.goto("/account/")
    places = laptop.get_by_role("list", name="Where you are signed in")
    expect(places.get_by_role("listitem")).to_have_count(2)
    expect(places).to_contain_text("(this browser)")
    expect(places.get_by_role("button", name="Sign out there")).to_have_count(1)
    snap(laptop, "account-sessions")
    laptop.get_by_role("button", name="Sign out everywhere").click()
    expect(laptop.get_by_role("status")).to_contain_text("signed out on every device")
    phone.reload()
    expect(phone.get_by_role("button", name="Mail me a sign-in link")).to_be_visible()
