"""Each thread's Atom feed: its newest published comments, no addresses."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from gazette.discussion import services
from gazette.discussion.models import Comment
from gazette.discussion.tests import factories

pytestmark = pytest.mark.django_db
FEED = "/comments/feed/embed-test-thread"


def test_the_feed_lists_published_comments_newest_first(client: Client) -> None:
    first = factories.comment(text="First words.", author_email="first@example.org")
    second = factories.comment(text="Second words.")
    held = factories.comment(text="Waiting words.")
    services.comment_set_status(comment=held, status=Comment.Status.PENDING)

    response = client.get(FEED)
    body = response.content.decode()

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert body.index("Second words.") < body.index("First words.")
    assert f"/comments/{second.pk}/" in body
    assert f"/comments/{first.pk}/" in body
    assert "Waiting words." not in body
    assert "first@example.org" not in body


def test_unknown_or_invalid_threads_are_404(client: Client) -> None:
    assert client.get("/comments/feed/no-such-thread").status_code == 404
    assert client.get("/comments/feed/" + "k" * 300).status_code == 404


def test_the_section_links_its_feed(client: Client, article: Any) -> None:
    factories.comment(thread_key=f"page-{article.pk}")

    html = client.get(article.url).content.decode()

    assert f'href="/comments/feed/page-{article.pk}"' in html
