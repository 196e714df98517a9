"""The micro-cache: what the app lets nginx keep, and the purges it sends."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.test import Client, TestCase

from gazette.discussion import services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _microcache(settings: Any) -> None:
    settings.GAZETTE_MICROCACHE_SECONDS = 7


def test_an_anonymous_first_visit_to_an_article_may_be_kept(
    client: Client, article: Any
) -> None:
    response = client.get(article.url)

    assert response.status_code == 200
    assert response["X-Accel-Expires"] == "7"
    # The only cookie it sets is the CSRF one its forms were made with.
    assert set(response.cookies) <= {"csrftoken"}


@pytest.mark.parametrize("cookie", ["csrftoken", "sessionid", "gazette_mine"])
def test_a_request_with_any_cookie_is_never_kept(
    client: Client, article: Any, cookie: str
) -> None:
    client.cookies[cookie] = "x" * 32

    assert "X-Accel-Expires" not in client.get(article.url)


def test_staff_pages_errors_posts_and_json_are_never_kept(
    client: Client, article: Any, editor: Any
) -> None:
    assert "X-Accel-Expires" not in client.get("/no-such-page/")
    assert "X-Accel-Expires" not in client.get("/api/v1/counts?keys=a")
    assert "X-Accel-Expires" not in client.post(article.url, {})
    client.force_login(editor)
    assert "X-Accel-Expires" not in client.get(article.url)
    assert "X-Accel-Expires" not in Client().get("/admin/login/")


def test_switched_off_with_zero(client: Client, article: Any, settings: Any) -> None:
    settings.GAZETTE_MICROCACHE_SECONDS = 0

    assert "X-Accel-Expires" not in client.get(article.url)


def _comment(article: Any) -> None:
    """A comment on the article, with what runs after its commit."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.comment_create(
            services.CommentRequest(
                thread_key=f"page-{article.pk}", text="Seen it", author_name="Ana"
            )
        )


class _Recorder(BaseHTTPRequestHandler):
    seen: list[tuple[str, str, str]] = []

    def do_GET(self) -> None:
        self.seen.append(
            (self.path, self.headers["Host"], self.headers["Accept-Language"])
        )
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def nginx_stand_in(settings: Any) -> Iterator[list[tuple[str, str, str]]]:
    """A real HTTP server where the purge listener would be."""
    _Recorder.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.GAZETTE_CACHE_PURGE_URLS = [f"http://127.0.0.1:{server.server_port}/"]
    settings.WAGTAILADMIN_BASE_URL = "https://news.example"
    yield _Recorder.seen
    server.shutdown()


def test_a_new_comment_refreshes_its_article_and_embed_in_every_language(
    article: Any, nginx_stand_in: list[tuple[str, str, str]], settings: Any
) -> None:
    _comment(article)

    languages = {code for code, _name in settings.LANGUAGES}
    assert sorted(nginx_stand_in) == sorted(
        (path, "news.example", language)
        for path in (article.url, f"/embed/threads/page-{article.pk}")
        for language in languages
    )


def test_a_held_comment_refreshes_nothing_readers_could_see_yet(
    article: Any, nginx_stand_in: list[tuple[str, str, str]], settings: Any
) -> None:
    settings.GAZETTE_MODERATION_MODE = "all"
    _comment(article)

    assert nginx_stand_in == []


def test_publishing_refreshes_the_article_its_section_and_the_front_page(
    article: Any, nginx_stand_in: list[tuple[str, str, str]]
) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        article.save_revision().publish()

    paths = {path for path, _host, _language in nginx_stand_in}
    assert paths == {article.url, article.get_parent().url, "/"}


def test_an_unreachable_nginx_is_logged_not_raised(
    article: Any, settings: Any, caplog: Any
) -> None:
    settings.GAZETTE_CACHE_PURGE_URLS = ["http://127.0.0.1:9/"]

    _comment(article)

    assert "Could not refresh" in caplog.text
