"""Moderation as readers meet it: the API, the HTML forms and the comment section."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from gazette.discussion.models import Comment
from gazette.discussion.tests import factories
from gazette.moderation.models import Flag, Policy
from tests.stamps import stamp

pytestmark = pytest.mark.django_db
API = "/api/v1"
ABUSIVE = "You are a pathetic lying moron and everyone here knows it."


def _api_post(client: Client, key: str, **data: Any) -> Any:
    body = {"text": "A fair point.", "author_name": "Ana", "rendered": stamp()} | data
    return client.post(
        f"{API}/threads/{key}/comments", body, content_type="application/json"
    )


def _form_post(client: Client, article: Any, **data: Any) -> Any:
    payload = {
        "thread": f"page-{article.pk}",
        "next": article.url,
        "text": "A fair point.",
        "author_name": "Ana",
        "rendered": stamp(),
    } | data
    return client.post("/comments/post/", payload)


def test_the_api_asks_the_author_to_reconsider_then_holds(client: Client) -> None:
    first = _api_post(client, "t1", text=ABUSIVE)

    assert first.status_code == 422
    assert first.json()["code"] == "reconsider"
    assert "moron" in first.json()["flagged"]
    assert not Comment.objects.exists()

    second = _api_post(client, "t1", text=ABUSIVE, confirmed=True)

    assert second.status_code == 201
    assert second.json()["pending"] is True
    assert client.get(f"{API}/threads/t1/comments").json()["comments"] == []


def test_a_published_comment_is_not_pending(client: Client) -> None:
    response = _api_post(client, "t2")

    assert response.json()["pending"] is False


def test_the_form_shows_the_nudge_and_a_post_anyway_choice(
    client: Client, article: Any
) -> None:
    response = _form_post(client, article, text=ABUSIVE)

    html = response.content.decode()
    assert response.status_code == 422
    assert "reads as a personal attack" in html
    assert "moron" in html
    assert 'name="confirmed"' in html
    assert ABUSIVE in html  # what was typed is kept


def test_a_held_comment_shows_to_its_author_only(client: Client, article: Any) -> None:
    response = _form_post(client, article, text=ABUSIVE, confirmed="1")
    comment = Comment.objects.get()
    assert comment.status == "pending"
    assert response.status_code == 302

    mine = client.get(article.url).content.decode()
    theirs = Client().get(article.url).content.decode()

    assert "Your comments awaiting moderation" in mine
    assert f'id="comment-{comment.pk}"' in mine
    assert "pathetic lying moron" in mine
    assert "pathetic lying moron" not in theirs
    assert "Your comments awaiting moderation" not in theirs


def test_a_signed_in_author_sees_their_held_comment_from_any_browser(
    client: Client, article: Any, reader: Any
) -> None:
    Policy.objects.create(mode=Policy.Mode.ALL)
    factories.posted(thread_key=f"page-{article.pk}", text="Wait for me.", user=reader)

    client.force_login(reader)

    assert "Wait for me." in client.get(article.url).content.decode()


def test_the_form_carries_a_time_stamp_that_catches_hasty_robots(
    client: Client, article: Any
) -> None:
    html = client.get(article.url).content.decode()
    shown = html.split('name="rendered" value="')[1].split('"')[0]

    _form_post(client, article, rendered=shown)
    _form_post(client, article, rendered="forged", text="Another fair point.")
    _form_post(client, article, rendered="", text="A point with no stamp.")
    _form_post(client, article, text="A point made after reading.")

    statuses = list(Comment.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == ["pending", "pending", "pending", "published"]
    reasons = Comment.objects.order_by("pk")[1].moderation.reasons
    assert "no valid form time stamp" in reasons


def test_closed_comments_show_a_notice_instead_of_the_form(
    client: Client, article: Any
) -> None:
    Policy.objects.create(page=article, comments_closed=True)

    html = client.get(article.url).content.decode()
    response = _form_post(client, article)

    assert "Comments are closed on this article." in html
    assert 'id="comment-form"' not in html
    assert response.status_code == 403
    assert "Comments are closed" in response.content.decode()


def test_a_reader_reports_a_comment_through_the_api(client: Client) -> None:
    comment = factories.posted(text="Buy cheap watches").comment
    url = f"{API}/comments/{comment.pk}/flags"

    ok = client.post(url, {"reason": "spam"}, content_type="application/json")
    again = client.post(url, {"reason": "spam"}, content_type="application/json")
    bad = Client().post(url, {"reason": "dull"}, content_type="application/json")
    missing = Client().post(
        f"{API}/comments/999999/flags",
        {"reason": "spam"},
        content_type="application/json",
    )

    assert ok.status_code == 201
    assert again.status_code == 409
    assert again.json()["code"] == "already_reported"
    assert bad.status_code == 400
    assert missing.status_code == 404
    assert Flag.objects.count() == 1


def test_a_reader_reports_a_comment_without_javascript(
    client: Client, article: Any
) -> None:
    comment = factories.posted(thread_key=f"page-{article.pk}", text="Hmm").comment
    url = f"/comments/{comment.pk}/report/"

    form = client.get(url)
    empty = client.post(url, {"reason": ""})
    other = client.post(url, {"reason": "other", "text": ""})
    done = client.post(url, {"reason": "personal"})

    assert form.status_code == 200
    assert "Reveals personal information" in form.content.decode()
    assert empty.status_code == 400
    assert other.status_code == 400
    assert "Describe the problem." in other.content.decode()
    assert done.status_code == 302
    assert Flag.objects.get().reason == "personal"
    assert client.get("/comments/999999/report/").status_code == 404


def test_every_comment_offers_a_report_link(client: Client, article: Any) -> None:
    comment = factories.posted(thread_key=f"page-{article.pk}", text="Hmm").comment

    html = client.get(article.url).content.decode()

    assert f'href="/comments/{comment.pk}/report/"' in html
