"""An appeal through real Chromium: a removed comment, a second moderator, two mails."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.artifacts import snap
from tests.browser.staff import sign_in
from tests.mailbox import Mailbox

ARTICLE = "/city/sea-wall-breach-floods-harbour-district/"


def test_a_removed_comment_is_reinstated_on_appeal_by_a_second_moderator(
    new_page: Callable[..., Page], server_mailbox: Mailbox
) -> None:
    tag = uuid.uuid4().hex[:6]
    words = f"The tender went to the mayor's cousin, per the minutes {tag}."
    address = f"author-{uuid.uuid4().hex[:6]}@example.org"
    author = new_page()
    author.goto(ARTICLE)
    form = author.locator("#comment-form")
    form.get_by_label("Join the discussion").fill(words)
    form.get_by_label("Name").fill("Ines Marlow")
    form.get_by_label("E-mail (optional, never shown)").fill(address)
    form.get_by_role("button", name="Post comment").click()
    posted = author.locator(".comment", has_text=words)
    expect(posted).to_be_visible()
    # A reader who keeps the article open through removal and reinstatement.
    watcher = new_page()
    watcher.goto(ARTICLE + "?comments=all")
    watched = watcher.locator(f"#comment-{posted.get_attribute('data-id')}")
    expect(watched).to_contain_text(words)

    first = new_page()
    sign_in(first)
    first.goto("/admin/moderation/?tab=published")
    item = first.locator(".mod-item", has_text=words)
    item.get_by_label("Reason").fill("Unproven accusation against a named person.")
    item.get_by_role("button", name="Reject").click()
    expect(first.locator(".messages")).to_contain_text("Rejected: 1 comment(s).")
    expect(watched.locator(".comment__body")).to_have_text("[deleted]")

    statement = server_mailbox.wait_for(address, "How to appeal:")
    assert "Unproven accusation against a named person." in statement
    assert "a moderator, a person." in statement
    link = re.search(r"/comments/appeal/\S+/", statement)
    assert link, statement

    author.goto(link.group(0))
    expect(author.locator(".statement")).to_contain_text("A moderator, a person.")
    author.get_by_label("Why should it be published?").fill(
        "The council's own minutes of 3 March say so; I linked them."
    )
    assert_accessible(author)
    author.get_by_role("button", name="Send appeal").click()
    expect(author.locator(".appeal__status")).to_contain_text(
        "a moderator who did not make the first decision"
    )
    snap(author, "appeal-sent")

    # The moderator who decided cannot decide the appeal.
    first.goto("/admin/moderation/appeals/")
    mine = first.locator(".appeal-item", has_text=words)
    expect(mine).to_contain_text("another moderator decides the appeal")
    expect(mine.get_by_role("button", name="Reinstate")).to_have_count(0)

    second = new_page()
    sign_in(second, "moderator")
    second.goto("/admin/moderation/appeals/")
    appeal = second.locator(".appeal-item", has_text=words)
    expect(appeal).to_contain_text("The council's own minutes")
    appeal.get_by_label("Reason").fill("The minutes bear it out.")
    snap(second, "appeal-queue")
    appeal.get_by_role("button", name="Reinstate").click()
    expect(second.locator(".messages")).to_contain_text("Reinstated.")

    outcome = server_mailbox.wait_for(address, "They reinstated it")
    assert "The minutes bear it out." in outcome

    # Back in place for the reader who watched, behind the "new" button...
    watcher.get_by_role("button", name="1 new comment — show").click()
    expect(watched.locator(".comment__body")).to_have_text(words)
    expect(watcher.locator(".comment", has_text=words)).to_have_count(1)
    # ...and for a reader who arrives now: no old "removed" event replays.
    reader = new_page()
    reader.goto(ARTICLE + "?comments=all")
    expect(reader.locator(".comment", has_text=words)).to_be_visible()
    reader.wait_for_timeout(1000)  # the stream has opened and sent its history
    expect(reader.locator(".comment", has_text=words)).not_to_contain_text("[deleted]")

    second.goto("/admin/moderation/transparency/")
    month = second.locator(".transparency-month").first
    expect(month.locator('[data-measure="appeals"]')).not_to_have_text("0")
    expect(month.locator('[data-measure="reversals"]')).not_to_have_text("0")
    expect(month).to_contain_text("reinstated")
    snap(second, "transparency-report")
