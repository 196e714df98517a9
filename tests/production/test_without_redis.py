"""An app server that cannot reach Redis still serves readers, in Chromium.

The third app server here is given a Redis address where nothing listens. Its
pages render from PostgreSQL, its event streams answer 503, and live.js falls
back to polling the thread: a comment posted through another app server is
announced to the reader ("1 new comment") and shown on request.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from tests.browser.artifacts import snap
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.production.stack import Stack, free_port

NOWHERE = "redis://127.0.0.1:9/0"  # the discard port: nothing listens


@pytest.fixture
def redisless_app(stack: Stack) -> Iterator[int]:
    port = free_port()
    stack.start_app(port, REDIS_URL=NOWHERE)
    yield port
    stack.kill(f"app-{port}")


def _in_chromium(steps: Callable[[Page], None]) -> None:
    """Run ``steps`` on a new page, in a thread of its own.

    Playwright's sync API refuses a thread with a running event loop, and the
    browser tests' session may have one in this thread.
    """
    failures: list[BaseException] = []

    def run() -> None:
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
                )
                try:
                    steps(browser.new_page(viewport={"width": 1200, "height": 900}))
                finally:
                    browser.close()
        except BaseException as error:  # handed back to the test's thread
            failures.append(error)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    if failures:
        raise failures[0]


def test_a_reader_on_a_server_without_redis_learns_of_new_comments_by_polling(
    stack: Stack, redisless_app: int
) -> None:
    path, key = stack.article_path()
    events = stack.get(f"http://127.0.0.1:{redisless_app}/api/v1/threads/{key}/events")
    assert events.status == 503
    assert events.header("Retry-After") == "30"
    text = "Posted through another app server while this one has no Redis"

    def reader(page: Page) -> None:
        page.goto(f"http://127.0.0.1:{redisless_app}{path}")
        expect(page.locator("h1")).to_be_visible()
        assert stack.post_comment(stack.app_url(0, ""), key, text).status == 201

        announce = page.locator(".new-comments")
        # live.js polls every 15 s once the stream has answered 503.
        expect(announce).to_have_text("1 new comment — show", timeout=25_000)
        announce.click()
        expect(page.get_by_text(text)).to_be_visible()
        page.get_by_text(text).scroll_into_view_if_needed()
        snap(page, "production-polling-without-redis")

    _in_chromium(reader)
