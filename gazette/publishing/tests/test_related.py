"""'More on this topic': editor's picks, filled up from shared topics."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import pytest
from django.utils import timezone

from gazette.publishing import selectors
from gazette.publishing.tests import factories

pytestmark = pytest.mark.django_db


def _titles(articles: Sequence[object]) -> list[str]:
    return [str(a) for a in articles]


def test_picks_come_first_in_the_editors_order() -> None:
    first = factories.article(title="Pick one")
    second = factories.article(title="Pick two")
    factories.article(title="Shares a topic", topics=["Flooding"])
    page = factories.article(topics=["Flooding"], related=[second, first])

    related = selectors.related_articles(article=page, limit=3)

    assert _titles(related) == ["Pick two", "Pick one", "Shares a topic"]


def test_fill_is_articles_sharing_a_topic_newest_first() -> None:
    now = timezone.now()
    factories.article(
        title="Old", topics=["Flooding"], published_at=now - timedelta(days=9)
    )
    factories.article(
        title="New", topics=["Harbour"], published_at=now - timedelta(days=1)
    )
    factories.article(title="Unrelated", topics=["Arts"], published_at=now)
    page = factories.article(topics=["Flooding", "Harbour"], published_at=now)

    related = selectors.related_articles(article=page, limit=5)

    assert _titles(related) == ["New", "Old"]


def test_never_the_article_itself_nor_twice_nor_a_draft() -> None:
    sibling = factories.article(title="Sibling", topics=["Flooding"])
    factories.article(title="Draft", topics=["Flooding"], publish=False)
    page = factories.article(topics=["Flooding"], related=[sibling])
    page.related_picks.create(article=page)
    page.save_revision().publish()

    related = selectors.related_articles(article=page, limit=5)

    assert _titles(related) == ["Sibling"]


def test_limit_is_respected() -> None:
    for i in range(5):
        factories.article(title=f"Story {i}", topics=["Flooding"])
    page = factories.article(topics=["Flooding"])

    assert len(selectors.related_articles(article=page, limit=3)) == 3


def test_an_article_with_no_topics_and_no_picks_has_no_related() -> None:
    factories.article(topics=["Flooding"])
    page = factories.article()

    assert selectors.related_articles(article=page, limit=4) == []
