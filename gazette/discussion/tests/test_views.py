"""The comment section as plain HTML: every action is a form post, no JavaScript."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from gazette.discussion.models import Comment
from gazette.discussion.tests import factories
from tests.stamps import stamp

pytestmark = pytest.mark.django_db


def _post(client: Client, article: Any, **data: Any) -> Any:
    payload = {
        "thread": f"page-{article.pk}",
        "next": article.url,
        "text": "A first comment.",
        "author_name": "Ana",
        "author_email": "ana.secret@example.org",
        "rendered": stamp(),
    }
    payload.update(data)
    return client.post("/comments/post/", payload)


def test_article_page_shows_the_comment_section(client: Client, article: Any) -> None:
    factories.comment(thread_key=f"page-{article.pk}", text="Well **reported**.")

    html = client.get(article.url).content.decode()

    assert "1 comment" in html
    assert "Well <strong>reported</strong>." in html
    for label in ("Newest", "Oldest", "Most Voted", "Join the discussion"):
        assert label in html
    assert "Would love your thoughts, please comment." in html


def test_a_guest_posts_without_javascript_and_lands_on_the_comment(
    client: Client, article: Any
) -> None:
    response = _post(client, article)

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{article.url}#comment-{comment.pk}"
    html = client.get(article.url).content.decode()
    assert f'id="comment-{comment.pk}"' in html
    assert "A first comment." in html
    # The author's browser can edit it; the e-mail is never shown.
    assert f"/comments/{comment.pk}/edit/" in html
    assert "ana.secret@example.org" not in html


def test_bad_input_shows_field_messages_and_keeps_what_was_typed(
    client: Client, article: Any
) -> None:
    response = _post(
        client, article, author_name="", text="Keep me", author_email="nope"
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Tell us your name" in html
    assert "does not look like an e-mail address" in html
    assert ">Keep me</textarea>" in html
    assert Comment.objects.count() == 0


def test_posting_to_an_unknown_article_is_a_404(client: Client) -> None:
    response = client.post(
        "/comments/post/", {"thread": "page-424242", "text": "x", "author_name": "A"}
    )

    assert response.status_code == 404


def test_a_foreign_next_address_is_not_followed(client: Client, article: Any) -> None:
    response = _post(client, article, next="https://evil.example/")

    assert response["Location"].startswith("/#comment-")


def test_reply_and_quote_reply_pages(client: Client, article: Any) -> None:
    parent = factories.comment(thread_key=f"page-{article.pk}", text="Original point")

    reply_page = client.get(f"/comments/{parent.pk}/reply/").content.decode()
    quote_page = client.get(f"/comments/{parent.pk}/reply/?quote=1").content.decode()
    response = _post(client, article, parent_id=str(parent.pk), text="I agree")

    assert f'name="parent_id" value="{parent.pk}"' in reply_page
    assert "wrote:" in quote_page
    assert "&gt; Original point" in quote_page
    reply = Comment.objects.get(parent=parent)
    assert response["Location"].endswith(f"#comment-{reply.pk}")


def test_author_edits_and_deletes_with_the_cookie_token(
    client: Client, article: Any
) -> None:
    _post(client, article, text="Teh typo")
    comment = Comment.objects.get()

    assert client.get(f"/comments/{comment.pk}/edit/").status_code == 200
    client.post(f"/comments/{comment.pk}/edit/", {"text": "The typo"})
    html = client.get(article.url).content.decode()
    assert "The typo" in html
    assert "(edited)" in html

    client.post(f"/comments/{comment.pk}/delete/")
    assert "The typo" not in client.get(article.url).content.decode()


def test_another_browser_cannot_edit_or_delete(client: Client, article: Any) -> None:
    _post(client, article)
    comment = Comment.objects.get()
    stranger = Client()

    assert stranger.get(f"/comments/{comment.pk}/edit/").status_code == 403
    assert (
        stranger.post(f"/comments/{comment.pk}/edit/", {"text": "x"}).status_code == 403
    )
    assert stranger.post(f"/comments/{comment.pk}/delete/").status_code == 403
    comment.refresh_from_db()
    assert comment.text == "A first comment."


def test_voting_without_javascript_toggles(client: Client, article: Any) -> None:
    comment = factories.comment(thread_key=f"page-{article.pk}")

    client.post(f"/comments/{comment.pk}/vote/", {"value": "1", "next": article.url})
    html = client.get(article.url).content.decode()
    assert 'value="0" class="vote__up" aria-pressed="true"' in html
    client.post(f"/comments/{comment.pk}/vote/", {"value": "0", "next": article.url})

    comment.refresh_from_db()
    assert comment.score == 0


@pytest.mark.parametrize("value", ["", "up", "7"])
def test_a_bad_vote_is_a_400(client: Client, article: Any, value: str) -> None:
    comment = factories.comment(thread_key=f"page-{article.pk}")

    assert (
        client.post(f"/comments/{comment.pk}/vote/", {"value": value}).status_code
        == 400
    )


def test_sort_choice_sticks(client: Client, article: Any) -> None:
    key = f"page-{article.pk}"
    low = factories.comment(thread_key=key, text="Low")
    high = factories.comment(thread_key=key, text="High")
    factories.comment(thread_key=key, text="Newest and unvoted")
    from gazette.discussion import services

    services.vote_cast(comment_id=high.pk, voter="g:a", value=1)
    services.vote_cast(comment_id=low.pk, voter="g:a", value=-1)

    response = client.get(f"/comments/sort/?sort=votes&next={article.url}")
    html = client.get(article.url).content.decode()

    assert response.status_code == 302
    assert html.index("High") < html.index("Newest and unvoted") < html.index("Low")
    assert client.get("/comments/sort/?sort=sideways").status_code == 400


def test_first_page_then_view_all_and_permalinks(
    client: Client, article: Any, settings: Any
) -> None:
    settings.GAZETTE_COMMENTS_PER_PAGE = 2
    key = f"page-{article.pk}"
    oldest = factories.comment(thread_key=key, text="Oldest comment")
    for i in range(3):
        factories.comment(thread_key=key, text=f"Later {i}")

    first = client.get(article.url).content.decode()
    everything = client.get(article.url + "?comments=all").content.decode()
    permalink = client.get(f"/comments/{oldest.pk}/")

    assert "Oldest comment" not in first
    assert "View all comments (4)" in first
    assert "Oldest comment" in everything
    assert permalink["Location"] == f"{article.url}?c={oldest.pk}#comment-{oldest.pk}"
    assert "Oldest comment" in client.get(permalink["Location"]).content.decode()


def test_posting_is_rate_limited_per_network(
    client: Client, article: Any, settings: Any
) -> None:
    settings.GAZETTE_RATELIMIT_COMMENTS = "2/60"
    for _ in range(2):
        assert _post(client, article).status_code == 302

    response = _post(client, article)

    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert Comment.objects.count() == 2


def test_rate_limits_can_be_turned_off(
    client: Client, article: Any, settings: Any
) -> None:
    settings.GAZETTE_RATELIMIT_COMMENTS = "1/60"
    settings.GAZETTE_RATELIMIT_ENABLED = False

    assert [_post(client, article).status_code for _ in range(3)] == [302, 302, 302]


def test_deep_replies_stop_indenting_and_say_whom_they_answer(
    client: Client, article: Any
) -> None:
    key = f"page-{article.pk}"
    parent = factories.comment(thread_key=key, author_name="Level 0")
    for depth in range(1, 9):
        parent = factories.comment(
            thread_key=key, parent_id=parent.pk, author_name=f"Level {depth}"
        )

    html = client.get(article.url).content.decode()

    assert 'data-depth="6"' in html
    assert 'data-depth="7"' not in html
    assert "in reply to Level 7" in html


def test_rendering_the_article_costs_the_same_queries_for_10_and_120_comments(
    client: Client,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gazette.publishing.tests import factories as publishing

    small = publishing.article()
    large = publishing.article(parent=small.get_parent())
    factories.thread_of(f"page-{small.pk}", 10)
    factories.thread_of(f"page-{large.pk}", 120)

    def queries(url: str) -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, {"comments": "all"})
        assert response.status_code == 200
        return len(captured)

    assert queries(small.url) == queries(large.url)
