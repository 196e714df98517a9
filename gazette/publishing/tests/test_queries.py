"""Pages and feeds cost a fixed number of queries whatever the data size."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gazette.publishing.tests import factories
from tests.caches import clear_cache

pytestmark = pytest.mark.django_db


def _queries(client: Client, url: str, *, cold_cache: bool = False) -> int:
    client.get(url)  # warm: renditions are generated on first view
    if cold_cache:
        clear_cache()  # as after a restart: renditions exist, nothing is cached
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _grow(count: int, **kwargs: Any) -> list[Any]:
    return [
        factories.article(
            topics=[f"Topic {i % 3}", "Shared"],
            authors=[factories.author()],
            hero_image=factories.image(size=(320, 200)),
            **kwargs,
        )
        for i in range(count)
    ]


@pytest.fixture
def measure(client: Client) -> Callable[[str], int]:
    return lambda url: _queries(client, url)


def test_article_page_queries_do_not_grow_with_related_articles_or_topics(
    measure: Callable[[str], int], settings: Any
) -> None:
    settings.GAZETTE_RELATED_ARTICLES = 8
    pick, _sharing = _grow(2)
    small = factories.article(
        topics=["Shared"],
        authors=[factories.author()],
        related=[pick],
        hero_image=factories.image(),
    )
    small_count = measure(small.url)

    others = _grow(8)
    big = factories.article(
        topics=[f"Topic {i}" for i in range(8)] + ["Shared"],
        authors=[factories.author(), factories.author()],
        related=others[:3],
        hero_image=factories.image(),
    )

    assert measure(big.url) == small_count


def test_front_page_queries_do_not_grow_with_articles_or_sections(
    measure: Callable[[str], int],
) -> None:
    _grow(2)
    small_count = measure("/")

    for _ in range(3):
        section = factories.section()
        _grow(4, parent=section)

    assert measure("/") == small_count


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_feed_queries_do_not_grow_with_articles(
    measure: Callable[[str], int], fmt: str
) -> None:
    _grow(2)
    small_count = measure(f"/feeds/{fmt}/")

    _grow(10)

    assert measure(f"/feeds/{fmt}/") == small_count


def test_section_and_topic_pages_queries_do_not_grow_with_articles(
    measure: Callable[[str], int],
) -> None:
    section = factories.section()
    _grow(2, parent=section)
    section_count = measure(section.url)
    topic_count = measure("/topics/shared/")

    _grow(8, parent=section)

    assert measure(section.url) == section_count
    assert measure("/topics/shared/") == topic_count


def _gallery_article(photos: int) -> Any:
    images = [factories.image(size=(320, 200)) for _ in range(photos)]
    return factories.article(
        body=[
            {"type": "image", "value": {"image": images[0].pk, "caption": ""}},
            {
                "type": "gallery",
                "value": {
                    "title": "Photos",
                    "photos": [{"image": i.pk, "caption": ""} for i in images],
                },
            },
        ]
    )


def test_article_page_queries_do_not_grow_with_photos_even_with_a_cold_cache(
    client: Client,
) -> None:
    small = _queries(client, _gallery_article(2).url, cold_cache=True)

    assert _queries(client, _gallery_article(6).url, cold_cache=True) == small
