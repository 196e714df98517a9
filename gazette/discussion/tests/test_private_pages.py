"""A thread follows its page: what the page hides, its thread hides too."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from wagtail.models import PageViewRestriction

from gazette.discussion.models import Thread
from gazette.discussion.tests import factories
from tests.caches import clear_cache
from tests.stamps import stamp

pytestmark = pytest.mark.django_db
API = "/api/v1"


def _answers(client: Client, article: Any, comment_id: int) -> dict[str, int]:
    """What every door into the thread answers."""
    clear_cache()
    key = f"page-{article.pk}"
    post = {"text": "A guest's words.", "author_name": "Guest", "rendered": stamp()}
    return {
        "comments": client.get(f"{API}/threads/{key}/comments").status_code,
        "passages": client.get(f"{API}/threads/{key}/passages").status_code,
        "feed": client.get(f"/comments/feed/{key}").status_code,
        "embed": client.get(f"/embed/threads/{key}").status_code,
        "post": client.post(
            f"{API}/threads/{key}/comments", post, content_type="application/json"
        ).status_code,
        "form": client.post(
            "/comments/post/", {"thread": key, **post}, follow=False
        ).status_code,
        "vote": client.post(
            f"{API}/comments/{comment_id}/votes",
            {"value": 1},
            content_type="application/json",
        ).status_code,
        "report": client.post(
            f"{API}/comments/{comment_id}/flags",
            {"reason": "spam"},
            content_type="application/json",
        ).status_code,
        "permalink": client.get(f"/comments/{comment_id}/").status_code,
        "count": client.get(f"{API}/counts", {"keys": key}).json()["counts"][key],
    }


CLOSED = {
    "comments": 404,
    "passages": 404,
    "feed": 404,
    "embed": 404,
    "post": 404,
    "form": 404,
    "vote": 404,
    "report": 404,
    "permalink": 404,
    "count": 0,
}


def _restrict(article: Any, kind: str, **fields: Any) -> None:
    PageViewRestriction.objects.create(page=article, restriction_type=kind, **fields)


def _comment(article: Any) -> int:
    return factories.comment(thread_key=f"page-{article.pk}", text="Before.").pk


def test_a_public_article_answers_everyone(client: Client, article: Any) -> None:
    comment_id = _comment(article)

    found = _answers(client, article, comment_id)

    assert found["comments"] == 200
    assert found["vote"] == 200
    assert found["count"] >= 1


@pytest.mark.parametrize(
    ("kind", "fields"),
    [
        (PageViewRestriction.LOGIN, {}),
        (PageViewRestriction.PASSWORD, {"password": "members-only"}),
    ],
)
def test_a_private_article_hides_its_thread_from_strangers(
    client: Client, article: Any, kind: str, fields: dict[str, Any]
) -> None:
    comment_id = _comment(article)

    _restrict(article, kind, **fields)

    assert Thread.objects.get(key=f"page-{article.pk}").restricted
    assert _answers(client, article, comment_id) == CLOSED


def test_a_private_section_hides_the_threads_below_it(
    client: Client, article: Any
) -> None:
    comment_id = _comment(article)

    _restrict(article.get_parent(), PageViewRestriction.LOGIN)

    assert _answers(client, article, comment_id) == CLOSED


def test_signed_in_readers_read_a_members_only_thread(
    client: Client, article: Any, reader: User
) -> None:
    comment_id = _comment(article)
    _restrict(article, PageViewRestriction.LOGIN)
    client.force_login(reader)

    found = _answers(client, article, comment_id)

    assert found["comments"] == 200
    assert found["vote"] == 200


def test_lifting_the_restriction_opens_the_thread_again(
    client: Client, article: Any
) -> None:
    comment_id = _comment(article)
    _restrict(article, PageViewRestriction.LOGIN)

    PageViewRestriction.objects.filter(page=article).delete()

    assert not Thread.objects.get(key=f"page-{article.pk}").restricted
    assert _answers(client, article, comment_id)["comments"] == 200


def test_an_unpublished_article_closes_its_thread_and_publishing_reopens_it(
    client: Client, article: Any
) -> None:
    comment_id = _comment(article)

    article.unpublish()
    closed = _answers(client, article, comment_id)
    article.save_revision().publish()
    reopened = _answers(client, article, comment_id)

    assert closed == CLOSED
    assert reopened["comments"] == 200


def test_an_expired_article_closes_its_thread(client: Client, article: Any) -> None:
    comment_id = _comment(article)

    article.expire_at = timezone.now() - timedelta(minutes=1)
    article.save()
    article.unpublish(set_expired=True)

    assert _answers(client, article, comment_id) == CLOSED


def test_a_private_article_never_had_a_thread_gets_none(
    client: Client, article: Any
) -> None:
    _restrict(article, PageViewRestriction.LOGIN)

    found = _answers(client, article, 999_999)

    assert found["comments"] == 404
    assert found["post"] == 404
    assert not Thread.objects.exists()


def test_the_live_stream_of_a_private_thread_is_refused(article: Any) -> None:
    from gazette.discussion.access import channel_open

    _comment(article)
    assert channel_open(f"thread:page-{article.pk}")

    _restrict(article, PageViewRestriction.LOGIN)

    assert not channel_open(f"thread:page-{article.pk}")
    assert not channel_open("thread:page-0123")
    assert channel_open("thread:an-embed-key")
