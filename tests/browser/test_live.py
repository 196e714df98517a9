"""Live updates: a second reader sees a new comment and votes without reloading."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.artifacts import snap

ARTICLE = "/city/sea-wall-breach-floods-harbour-district/"


def test_a_second_reader_sees_a_new_comment_appear(
    new_page: Callable[..., Page],
) -> None:
    reader, writer = new_page(), new_page()
    reader.goto(ARTICLE)
    writer.goto(ARTICLE)
    heading = reader.locator(".discussion__title")
    before = int(str(heading.get_attribute("data-count")))
    text = "Live: the pumps at the fish market are running again."

    form = writer.locator("#comment-form")
    form.get_by_label("Join the discussion").fill(text)
    form.get_by_label("Name").fill("Harbour Watcher")
    form.get_by_role("button", name="Post comment").click()
    expect(writer.locator(".comment").filter(has_text=text)).to_be_visible()

    button = reader.get_by_role("button", name="1 new comment — show")
    expect(button).to_be_visible()
    expect(reader.locator(".comment").filter(has_text=text)).to_have_count(0)
    button.scroll_into_view_if_needed()
    snap(reader, "live-new-comment-waiting")
    assert_accessible(reader)
    button.click()

    arrived = reader.locator(".comment").filter(has_text=text)
    expect(arrived).to_be_visible()
    expect(arrived).to_be_focused()
    expect(button).to_be_hidden()
    expect(heading).to_have_attribute("data-count", str(before + 1))

    writer.locator(".comment").filter(has_text=text).get_by_role(
        "button", name="Vote up"
    ).click()
    expect(arrived.locator(".vote__score").first).to_have_text("1")
    snap(reader, "live-new-comment-shown")
