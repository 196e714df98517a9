"""A reader's account: a ban ends its live session; the reader erases it."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from playwright.sync_api import Locator, Page, expect

from tests.browser.artifacts import snap
from tests.browser.readers import sign_in_by_code
from tests.browser.staff import sign_in as staff_sign_in
from tests.mailbox import Mailbox

ARTICLE = "/city/sea-wall-breach-floods-harbour-district/"


def _commenting(page: Page, mailbox: Mailbox, address: str, name: str) -> Locator:
    """Signed in by mail under ``name``, on the article: its comment form."""
    sign_in_by_code(page, mailbox, address)
    page.get_by_label("Name shown with your comments").fill(name)
    page.get_by_role("button", name="Save name").click()
    page.goto(ARTICLE)
    return page.locator("#comment-form")


def test_a_ban_ends_the_readers_live_session(
    new_page: Callable[..., Page], server_mailbox: Mailbox
) -> None:
    tag = uuid.uuid4().hex[:6]
    address, words = f"banned-{tag}@example.org", f"You are all idiots {tag}."
    reader = new_page()
    form = _commenting(reader, server_mailbox, address, f"Troll {tag}")
    form.get_by_label("Join the discussion").fill(words)
    form.get_by_role("button", name="Post comment").click()
    form.get_by_label("Post it anyway; a moderator will review it first.").check()
    form.get_by_role("button", name="Post comment").click()
    expect(reader.locator(".comment--awaiting", has_text=words)).to_be_visible()

    moderator = new_page()
    staff_sign_in(moderator, "moderator")
    moderator.goto("/admin/moderation/")
    item = moderator.locator(".mod-item", has_text=words)
    item.get_by_role("link", name="Ban…").click()
    moderator.get_by_label("Account").check()
    # Only the account: every test's browser shares this network.
    for other in ("E-mail address", "Network (IP hash)", "Browser"):
        box = moderator.get_by_label(other, exact=True)
        if box.count():
            box.uncheck()
    moderator.get_by_role("button", name="Ban", exact=True).click()

    reader.reload()
    expect(reader.locator("#comment-form").get_by_label("Name")).to_be_visible()
    reader.goto("/account/")
    expect(reader.get_by_role("heading", name="Sign in", exact=True)).to_be_visible()
    server_mailbox.messages.clear()  # the first sign-in's mail holds another code
    reader.get_by_label("E-mail").fill(address)
    reader.get_by_role("button", name="Mail me a sign-in link").click()
    mail = server_mailbox.wait_for(address, "Or type this code")
    code = mail.split("code where you asked: ")[1][:6]
    reader.get_by_label("Code from the mail").fill(code)
    reader.get_by_role("button", name="Sign in").click()
    expect(reader.get_by_role("alert")).to_contain_text("banned from commenting")
    snap(reader, "banned-reader-refused")


def test_a_reader_erases_their_account(
    new_page: Callable[..., Page], server_mailbox: Mailbox
) -> None:
    tag = uuid.uuid4().hex[:6]
    address, words = f"leaving-{tag}@example.org", f"Goodbye and thanks {tag}."
    name = f"Leaving {tag}"
    reader = new_page()
    form = _commenting(reader, server_mailbox, address, name)
    form.get_by_label("Join the discussion").fill(words)
    form.get_by_role("button", name="Post comment").click()
    expect(reader.locator(".comment", has_text=words)).to_be_visible()

    reader.goto("/account/")
    reader.get_by_label(
        "Remove them (replies by others stay, under “[deleted]”)"
    ).check()
    reader.get_by_label("I understand this cannot be undone.").check()
    reader.get_by_role("button", name="Erase my account").click()
    expect(reader.locator("main")).to_contain_text("Your account is erased")
    snap(reader, "account-erased")

    reader.goto(ARTICLE)
    expect(reader.locator(".discussion")).not_to_contain_text(words)
    expect(reader.locator(".discussion")).not_to_contain_text(name)
    reader.goto("/account/")
    expect(reader.get_by_role("heading", name="Sign in", exact=True)).to_be_visible()
