"""A reader in the comment section: real Chromium against the real server."""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.artifacts import snap
from tests.browser.server import SERVER_KEY
from tests.stamps import stamp

ARTICLE = "/city/sea-wall-breach-floods-harbour-district/"


def _thread_key(page: Page) -> str:
    return str(page.locator(".discussion").get_attribute("data-thread"))


def api_post(base: str, key: str, text: str, name: str = "Setup", **extra: Any) -> Any:
    fields = {"text": text, "author_name": name, "rendered": stamp(key=SERVER_KEY)}
    body = json.dumps({**fields, **extra}).encode()
    request = urllib.request.Request(  # noqa: S310 - our own test server
        f"{base}/api/v1/threads/{quote(key, safe='')}/comments",
        data=body,
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request) as response:  # noqa: S310
        return json.loads(response.read())


def _fill_and_post(page: Page, text: str, name: str) -> None:
    form = page.locator("#comment-form")
    form.get_by_label("Join the discussion").fill(text)
    form.get_by_label("Name").fill(name)
    form.get_by_label("E-mail (optional, never shown)").fill(
        "reader.private@example.org"
    )
    form.get_by_role("button", name="Post comment").click()


def test_the_demo_thread_reads_like_the_reference_page(page: Page) -> None:
    page.goto(ARTICLE)

    section = page.locator(".discussion")
    expect(section.locator(".sort-tabs")).to_contain_text("Newest")
    expect(section.locator(".sort-tabs")).to_contain_text("Most Voted")
    expect(section).to_contain_text("Lena Ostrova")
    expect(section).to_contain_text("Cutting across the board is a choice too.")
    expect(section.locator(".comment[data-depth='2']").first).to_be_visible()
    assert "reader.private@example.org" not in page.content()
    assert_accessible(page)


def test_a_guest_posts_with_javascript_without_a_reload(page: Page) -> None:
    page.goto(ARTICLE)
    count_before = int(
        page.locator(".discussion__title").get_attribute("data-count") or 0
    )
    page.evaluate("window.__sameDocument = true")

    _fill_and_post(page, "Posted with *JavaScript* on.", "Jo Script")

    new = page.locator(".comment", has_text="Posted with JavaScript on.")
    expect(new).to_be_visible()
    expect(new.locator("em")).to_have_text("JavaScript")
    expect(new.locator(".comment__author")).to_have_text("Jo Script")
    expect(page.locator(".discussion__title")).to_have_text(
        f"{count_before + 1} comments"
    )
    assert page.evaluate("window.__sameDocument") is True  # no navigation happened
    expect(page.locator("#comment-form textarea")).to_have_value("")
    snap(page, "comment-posted-with-js")
    assert_accessible(page)


def test_a_guest_posts_and_replies_without_javascript(
    new_page: Callable[..., Page],
) -> None:
    page = new_page(java_script_enabled=False)
    page.goto(ARTICLE)

    _fill_and_post(page, "Posted with plain HTML.", "No Script")

    expect(page).to_have_url(re.compile(r"#comment-\d+$"))
    mine = page.locator(".comment", has_text="Posted with plain HTML.")
    expect(mine).to_be_visible()
    expect(mine.get_by_role("link", name="Edit")).to_be_visible()

    page.locator(".comment", has_text="Lena Ostrova").get_by_role(
        "link", name="Reply"
    ).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reply to Lena Ostrova")
    page.get_by_label("Your reply").fill("A reply without scripts.")
    page.get_by_label("Name").fill("No Script")
    page.get_by_role("button", name="Post reply").click()

    reply = page.locator(".comment", has_text="A reply without scripts.")
    expect(reply).to_have_attribute("data-depth", "1")


def test_bad_input_is_explained_next_to_the_field(page: Page) -> None:
    page.goto(ARTICLE)
    form = page.locator("#comment-form")
    form.get_by_label("Join the discussion").fill("No name given")

    form.get_by_role("button", name="Post comment").click()

    name = form.get_by_label("Name")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(form.locator(".field-error")).to_contain_text("Tell us your name")
    expect(name).to_be_focused()
    assert_accessible(page)


def test_reply_quote_and_cancel_from_the_keyboard(page: Page) -> None:
    page.goto(ARTICLE)
    target = page.locator(".comment", has_text="Thank you for the photos.").first
    reply_link = target.get_by_role("link", name="Reply")

    reply_link.focus()
    page.keyboard.press("Enter")
    textarea = target.get_by_label("Your reply")
    expect(textarea).to_be_focused()
    page.keyboard.press("Escape")
    expect(target.locator(".comment-form")).to_have_count(0)
    expect(reply_link).to_be_focused()

    target.get_by_role("link", name="Quote").click()
    expect(textarea).to_have_value(
        re.compile(r"^> \*\*Lena Ostrova\*\* wrote:\n>\n> Thank you")
    )
    textarea.press("End")
    page.keyboard.type("Glad she is safe.")
    target.get_by_label("Name").fill("Keyboard Reader")
    target.get_by_role("button", name="Post reply").click()

    reply = page.locator(".comment", has_text="Glad she is safe.")
    expect(reply).to_have_attribute("data-depth", "1")
    expect(reply.locator("blockquote")).to_contain_text("Thank you for the photos.")


def test_the_author_edits_within_the_window(page: Page) -> None:
    page.goto(ARTICLE)
    _fill_and_post(page, "Teh typo", "Editor Reader")
    posted = page.locator(".comment", has_text="Teh typo")
    expect(posted).to_be_visible()
    mine = page.locator(f"#{posted.get_attribute('id')}")

    mine.get_by_role("button", name="Edit").click()
    mine.get_by_label("Edit your comment").fill("The typo, fixed")
    mine.get_by_role("button", name="Save").click()

    expect(mine.locator(".comment__body")).to_have_text("The typo, fixed")
    expect(mine.locator(".comment__edited")).to_have_text("(edited)")
    page.reload()
    edited = page.locator(".comment", has_text="The typo, fixed")
    expect(edited.locator(".comment__edited")).to_be_visible()


def test_voting_up_then_down_and_it_is_remembered(page: Page) -> None:
    page.goto(ARTICLE)
    comment = page.locator(".comment", has_text="bla bla bla").first
    score = comment.locator(".vote__score")
    start = int(score.inner_text())

    comment.get_by_role("button", name="Vote up").click()
    expect(score).to_have_text(str(start + 1))
    expect(comment.get_by_role("button", name="Vote up")).to_have_attribute(
        "aria-pressed", "true"
    )
    comment.get_by_role("button", name="Vote down").click()
    expect(score).to_have_text(str(start - 1))

    page.reload()
    comment = page.locator(".comment", has_text="bla bla bla").first
    expect(comment.locator(".vote__score")).to_have_text(str(start - 1))
    expect(comment.get_by_role("button", name="Vote down")).to_have_attribute(
        "aria-pressed", "true"
    )


def test_sort_tabs_switch_without_reload_and_the_choice_sticks(page: Page) -> None:
    page.goto(ARTICLE)
    tabs = page.get_by_role("navigation", name="Sort comments")

    tabs.get_by_role("link", name="Most Voted").click()
    first = page.locator(".comment[data-depth='0'] .comment__author").first
    expect(first).to_have_text("Ines Carvalho")  # +13, the most voted
    tabs.get_by_role("link", name="Oldest").click()
    expect(tabs.get_by_role("link", name="Oldest")).to_have_attribute(
        "aria-current", "true"
    )
    expect(first).to_have_text("Ines Carvalho")  # also the oldest
    tabs.get_by_role("link", name="Newest").click()
    expect(first).not_to_have_text("Ines Carvalho")

    tabs.get_by_role("link", name="Most Voted").click()
    expect(tabs.get_by_role("link", name="Most Voted")).to_have_attribute(
        "aria-current", "true"
    )
    page.reload()
    expect(tabs.get_by_role("link", name="Most Voted")).to_have_attribute(
        "aria-current", "true"
    )


def _long_thread(page: Page, server_url: str, article: str, first_text: str) -> Any:
    """Post ``first_text`` and 22 more comments under ``article``; return the first."""
    page.goto(article)
    key = _thread_key(page)
    first = api_post(server_url, key, first_text)
    for n in range(22):
        api_post(server_url, key, f"Later comment {n}")
    return first


def test_view_all_comments_and_a_permalink_past_the_first_page(
    page: Page, server_url: str
) -> None:
    first = _long_thread(
        page,
        server_url,
        "/culture/oldest-bookshop-reopens/",
        "The very first comment on the bookshop.",
    )

    page.reload()
    expect(page.locator(".comment")).to_have_count(20)
    page.get_by_role("link", name=re.compile(r"View all comments \(23\)")).click()
    expect(page.locator(".comment")).to_have_count(23)

    page.goto(f"/comments/{first['comment']['id']}/")
    target = page.locator(f"#comment-{first['comment']['id']}")
    expect(target).to_be_visible()
    expect(target).to_contain_text("The very first comment on the bookshop.")
    assert page.url.endswith(f"#comment-{first['comment']['id']}")
    assert_accessible(page)


def test_a_hash_link_past_the_first_page_loads_the_comment(
    page: Page, server_url: str
) -> None:
    early = _long_thread(
        page,
        server_url,
        "/politics/mayor-sets-out-budget/",
        "An early word on the budget.",
    )

    page.goto("/")  # arrive fresh, not as a same-document hash change
    page.goto(f"/politics/mayor-sets-out-budget/#comment-{early['comment']['id']}")

    expect(page.locator(f"#comment-{early['comment']['id']}")).to_be_visible()


def test_the_bubble_invites_then_stays_dismissed(page: Page) -> None:
    page.goto(ARTICLE)
    bubble = page.locator(".comment-bubble")
    expect(bubble).to_be_hidden()

    page.locator(".comment-bubble__marker").scroll_into_view_if_needed()
    expect(bubble).to_be_visible()
    expect(bubble).to_contain_text("Would love your thoughts, please comment.")
    snap(page, "comment-bubble")
    bubble.get_by_role("button", name="Close").click()
    expect(bubble).to_be_hidden()

    page.reload()
    page.evaluate(
        "window.scrollTo(0, window.scrollY - 300 + "
        "document.querySelector('.article__body').getBoundingClientRect().bottom)"
    )
    page.wait_for_timeout(500)
    expect(bubble).to_be_hidden()


def test_the_bubble_jumps_to_the_form(new_page: Callable[..., Page]) -> None:
    page = new_page()
    page.goto(ARTICLE)
    page.locator(".comment-bubble__marker").scroll_into_view_if_needed()

    page.get_by_role("link", name="Would love your thoughts, please comment.").click()

    expect(page.locator("#comment-form textarea")).to_be_focused()


def test_comments_embed_on_a_plain_page_of_another_origin(
    page: Page, host_site: str
) -> None:
    page.goto(f"{host_site}/post.html")
    frame = page.frame_locator("iframe[src*='/embed/threads/']")

    expect(frame.locator(".discussion")).to_be_visible()
    form = frame.locator("#comment-form")
    form.get_by_label("Join the discussion").fill("Hello from a static blog.")
    form.get_by_label("Name").fill("Blog Reader")
    form.get_by_role("button", name="Post comment").click()

    expect(
        frame.locator(".comment", has_text="Hello from a static blog.")
    ).to_be_visible()
    page.wait_for_function(
        "() => document.querySelector('iframe').getBoundingClientRect().height > 340"
    )
    snap(page, "embed-on-another-origin")


def test_an_origin_not_on_the_allowlist_cannot_embed(
    page: Page, host_site: str
) -> None:
    # Same files, different origin: "localhost" is not the allowed "127.0.0.1".
    page.goto(host_site.replace("127.0.0.1", "localhost") + "/post.html")
    page.wait_for_timeout(1500)

    frame = page.frame_locator("iframe[src*='/embed/threads/']")
    expect(frame.locator(".discussion")).to_have_count(0)
