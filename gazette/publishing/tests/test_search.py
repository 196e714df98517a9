"""The search page, on Wagtail's database search backend."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from gazette.publishing.tests import factories

pytestmark = pytest.mark.django_db


def test_search_finds_articles_by_headline_and_body(client: Client) -> None:
    factories.article(title="Sea wall breach floods harbour")
    factories.article(
        title="Council meets",
        body=[
            {"type": "paragraph", "value": "<p>The sea wall repairs were delayed.</p>"}
        ],
    )
    factories.article(title="Bookshop reopens")

    html = client.get("/search/", {"q": "sea wall"}).content.decode()

    assert "Sea wall breach floods harbour" in html
    assert "Council meets" in html
    assert "Bookshop reopens" not in html
    assert "2 results for “sea wall”" in html


def test_search_leaves_out_drafts(client: Client) -> None:
    factories.article(title="Secret embargoed budget", publish=False)

    html = client.get("/search/", {"q": "embargoed"}).content.decode()

    assert "Secret embargoed budget" not in html
    assert "0 results" in html


def test_empty_search_shows_the_form(client: Client) -> None:
    response = client.get("/search/")

    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()


def test_overlong_search_is_a_400_that_says_why(client: Client) -> None:
    response = client.get("/search/", {"q": "x" * 201})

    assert response.status_code == 400
    assert "at most 200 characters" in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "0", "5"])
def test_search_with_a_bad_page_is_a_404(client: Client, page: str) -> None:
    factories.article(title="Harbour news")

    assert client.get("/search/", {"q": "harbour", "page": page}).status_code == 404


@pytest.mark.parametrize(
    "query", ['"unbalanced', "AND OR NOT", "%_%", "'; DROP TABLE x; --", "🌊"]
)
def test_odd_search_queries_never_fail(client: Client, query: str) -> None:
    factories.article(title="Harbour news")

    assert client.get("/search/", {"q": query}).status_code == 200


def test_search_paginates(client: Client, settings: Any) -> None:
    settings.GAZETTE_SEARCH_PAGE_SIZE = 2
    for i in range(3):
        factories.article(title=f"Harbour story {i}")

    html = client.get("/search/", {"q": "harbour", "page": "2"}).content.decode()

    assert "Page 2 of 2" in html


@pytest.mark.parametrize("url", ["/search/", "/topics/flooding/"])
def test_posting_to_a_reading_page_is_refused(client: Client, url: str) -> None:
    factories.article(topics=["Flooding"])

    assert client.post(url, {"q": "harbour"}).status_code == 405
