"""Inline feedback: comments on passages, the newsroom's questions, and edits."""

from __future__ import annotations

import time
from collections.abc import Callable

from playwright.sync_api import Locator, Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.artifacts import snap
from tests.browser.staff import sign_in

LEAD = "/city/sea-wall-breach-floods-harbour-district/"
ENGINEERS = "/environment/engineers-warned-of-sea-wall-weakness/"


def _select(page: Page, paragraph: int, words: str) -> None:
    """Select ``words`` in the article's n-th paragraph, as a reader's drag does."""
    page.evaluate(
        """([paragraph, words]) => {
          const blocks = document.querySelectorAll(".article__body [data-block-id]");
          const block = blocks[paragraph];
          const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
          let node;
          while ((node = walker.nextNode())) {
            const at = node.data.indexOf(words);
            if (at === -1) continue;
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + words.length);
            getSelection().removeAllRanges();
            getSelection().addRange(range);
            return;
          }
          throw new Error("not in the paragraph: " + words);
        }""",
        [paragraph, words],
    )


def _comment_on(page: Page, paragraph: int, words: str, text: str) -> None:
    _select(page, paragraph, words)
    page.get_by_role("button", name="Comment on this passage").click()
    form = page.locator("#comment-form")
    expect(form.locator(".form-passage")).to_contain_text(words)
    expect(form.get_by_label("Join the discussion")).to_be_focused()
    form.get_by_label("Join the discussion").fill(text)
    form.get_by_label("Name").fill("Quay Road Reader")
    form.get_by_role("button", name="Post comment").click()
    expect(page.locator(".comment").filter(has_text=text)).to_be_visible()
    expect(form.locator(".form-passage")).to_have_count(0)


def _mark(page: Page, words: str) -> Locator:
    return page.locator("mark.passage", has_text=words)


def _edit_and_publish(editor: Page, article_url: str) -> None:
    """Prepend words to the first paragraph and rewrite the second, then publish."""
    editor.goto(article_url)
    article_id = str(editor.locator("article.article").get_attribute("id"))
    editor.goto(f"/admin/pages/{article_id.removeprefix('article-')}/edit/")
    paragraphs = editor.locator("[contenteditable=true]")
    paragraphs.nth(0).click()
    editor.keyboard.press("Control+Home")
    editor.keyboard.type("UPDATE: the survey is now public. ")
    paragraphs.nth(1).click(click_count=3)
    editor.keyboard.type("Repairs will start in January, the council said.")
    # Draftail writes the text to its form field a moment after the last key.
    saved = editor.locator("input[type=hidden][value*='start in January']")
    expect(saved).to_have_count(1)
    editor.get_by_role("button", name="More actions").click()
    editor.locator("button[name=action-publish]").click()
    expect(editor.locator(".messages")).to_contain_text("published")


def test_a_reader_comments_on_a_passage_and_it_survives_an_edit(
    new_page: Callable[..., Page],
) -> None:
    reader = new_page()
    reader.goto(ENGINEERS)
    stamp = int(time.time())
    kept = "“progressive cracking” in the Quay Road section"
    gone = "reduced its capital programme"
    _comment_on(reader, 0, kept, f"Who saw this survey before the vote? {stamp}")
    _comment_on(reader, 1, gone, f"Reduced by how much, exactly? {stamp}")

    expect(_mark(reader, kept)).to_be_visible()
    kept_count = reader.get_by_role("button", name=f"1 comment on “{kept}”")
    expect(kept_count).to_have_text("1")
    expect(reader.get_by_role("button", name=f"1 comment on “{gone}”")).to_be_visible()
    kept_count.scroll_into_view_if_needed()
    snap(reader, "inline-marks")
    assert_accessible(reader)

    editor = new_page()
    sign_in(editor)
    _edit_and_publish(editor, ENGINEERS)

    reader.reload()
    first = reader.locator(".article__body [data-block-id]").first
    expect(first).to_contain_text("UPDATE: the survey is now public.")
    expect(_mark(reader, kept)).to_have_text(kept)
    expect(reader.get_by_role("button", name=f"1 comment on “{kept}”")).to_be_visible()
    expect(_mark(reader, gone)).to_have_count(0)
    earlier = reader.get_by_role(
        "region", name="Comments on an earlier version of this article"
    )
    expect(earlier).to_contain_text(gone)
    expect(earlier).to_contain_text(f"Reduced by how much, exactly? {stamp}")
    in_thread = reader.locator(".comment").filter(has_text=f"exactly? {stamp}")
    expect(in_thread.locator(".comment__passage")).to_contain_text(
        "an earlier version of the article"
    )
    earlier.scroll_into_view_if_needed()
    snap(reader, "inline-after-edit")
    assert_accessible(reader)

    reader.get_by_role("button", name=f"1 comment on “{kept}”").click()
    panel = reader.get_by_role("complementary", name="Comments on this passage")
    expect(panel).to_contain_text(f"Who saw this survey before the vote? {stamp}")


def test_a_reader_answers_the_newsrooms_question_with_the_keyboard(
    page: Page,
) -> None:
    page.goto(LEAD)
    question = page.locator(".passage-count--question")
    expect(question).to_have_text("?")
    question.focus()
    page.keyboard.press("Enter")
    panel = page.get_by_role("complementary", name="Comments on this passage")
    expect(panel).to_be_focused()
    expect(panel).to_contain_text("Have you seen cracks or seepage elsewhere")
    answer = f"There is seepage under the ferry ramp at low tide. {time.time()}"
    panel.get_by_label("Your answer").fill(answer)
    panel.get_by_label("Name").fill("Ferry Regular")
    panel.get_by_role("button", name="Post answer").click()

    expect(question).to_have_text("? 1")
    panel = page.get_by_role("complementary", name="Comments on this passage")
    expect(panel).to_contain_text(answer)
    snap(page, "inline-question-answered")
    assert_accessible(page)
    panel.focus()
    page.keyboard.press("Escape")
    expect(panel).to_have_count(0)
    expect(question).to_be_focused()

    page.locator(".sort-tabs").get_by_role("link", name="Inline Feedbacks").click()
    comments = page.locator(".discussion > .comment-list > .comment")
    expect(comments.filter(has_text=answer)).to_have_count(1)
    expect(comments.filter(has_text="I volunteered at the hall")).to_have_count(1)
    expect(comments.filter(has_text="survey was published")).to_have_count(0)
    expect(
        comments.filter(has_text=answer).locator(".comment__passage")
    ).to_contain_text("Answering the question")
    expect(page.locator(".new-comments")).to_be_hidden()  # one's own is not "new"
    comments.first.scroll_into_view_if_needed()
    snap(page, "inline-feedbacks-filter")
