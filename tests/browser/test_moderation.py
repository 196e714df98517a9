"""Moderation seen through real Chromium: the nudge, a held comment, the queue."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.artifacts import snap
from tests.browser.staff import sign_in

ARTICLE = "/city/sea-wall-breach-floods-harbour-district/"
ATTACK = "Everyone knows you used to post as Marek, you pathetic lying creep."


def test_a_held_comment_waits_for_a_moderator_who_approves_it_by_keyboard(
    new_page: Callable[..., Page],
) -> None:
    author = new_page()
    author.goto(ARTICLE)
    heading = author.locator(".discussion__title")
    count_before = heading.get_attribute("data-count")

    form = author.locator("#comment-form")
    form.get_by_label("Join the discussion").fill(ATTACK)
    form.get_by_label("Name").fill("Sock Puppet")
    form.get_by_role("button", name="Post comment").click()

    # The nudge: what may offend, and the choice to post anyway.
    expect(form.locator(".form-message")).to_contain_text("reads as a personal attack")
    expect(form.locator(".field-error")).to_contain_text("pathetic")
    snap(author, "moderation-nudge")
    form.get_by_label("Post it anyway; a moderator will review it first.").check()
    form.get_by_role("button", name="Post comment").click()

    held = author.locator(".comment--awaiting", has_text="you pathetic lying creep")
    expect(held).to_contain_text("Awaiting moderation")
    expect(heading).to_have_attribute("data-count", str(count_before))

    author.reload()
    awaiting = author.get_by_role("region", name="Your comments awaiting moderation")
    expect(awaiting).to_contain_text("you pathetic lying creep")
    assert_accessible(author)

    other = new_page()
    other.goto(ARTICLE)
    expect(other.locator(".discussion")).to_contain_text("Lena Ostrova")
    expect(other.locator(".discussion")).not_to_contain_text("pathetic lying creep")

    moderator = new_page()
    sign_in(moderator)
    moderator.goto("/admin/moderation/")
    expect(moderator.locator(".mod-item").first).to_be_focused()
    moderator.keyboard.press("/")
    moderator.keyboard.type("pathetic lying creep")
    moderator.keyboard.press("Enter")
    item = moderator.locator(".mod-item", has_text="pathetic lying creep")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("posted after the nudge")
    expect(item).to_be_focused()
    snap(moderator, "moderation-queue")
    moderator.keyboard.press("a")
    expect(moderator.locator(".messages")).to_contain_text("Approved: 1 comment(s).")

    other.reload()
    expect(other.locator(".comment", has_text="pathetic lying creep")).to_be_visible()
    expect(other.locator(".discussion__title")).to_have_attribute(
        "data-count", str(int(count_before or 0) + 1)
    )
    moderator.goto("/admin/moderation/audit/")
    expect(moderator.locator(".mod-audit")).to_contain_text("Approved")


def test_the_queue_moves_with_j_and_k(new_page: Callable[..., Page]) -> None:
    moderator = new_page()
    sign_in(moderator)
    moderator.goto("/admin/moderation/")
    items = moderator.locator(".mod-item")
    assert items.count() >= 2, "the demo holds the reference thread's attacks"

    expect(items.nth(0)).to_be_focused()
    moderator.keyboard.press("j")
    expect(items.nth(1)).to_be_focused()
    moderator.keyboard.press("x")
    expect(items.nth(1).locator("input[type=checkbox]")).to_be_checked()
    moderator.keyboard.press("k")
    expect(items.nth(0)).to_be_focused()


def test_a_reader_reports_a_comment(new_page: Callable[..., Page]) -> None:
    reader = new_page()
    reader.goto(ARTICLE)
    author = reader.locator(".comment__author", has_text="Lena Ostrova")
    comment = reader.locator(".comment", has=author).first
    comment.get_by_role("link", name="Report").first.click()

    expect(reader.get_by_role("heading", level=1)).to_contain_text("Report")
    assert_accessible(reader)
    reader.get_by_label("Off-topic").check()
    reader.get_by_role("button", name="Send report").click()

    expect(reader.locator(".discussion__notice")).to_contain_text(
        "Thank you for your report."
    )
    expect(reader.locator(".comment", has=author).first).to_be_visible()
