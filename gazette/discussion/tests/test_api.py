"""The discussion JSON API: each endpoint's success and bad-input paths."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gazette.discussion import services
from gazette.discussion.models import Comment
from gazette.discussion.tests import factories
from tests.caches import clear_cache
from tests.stamps import stamp

pytestmark = pytest.mark.django_db
API = "/api/v1"
KEY = "embed-test-thread"


def _post(client: Client, key: str = KEY, **data: Any) -> Any:
    body = {
        "text": "Hello",
        "author_name": "Ana",
        "author_email": "ana.private@example.org",
        "rendered": stamp(),
    }
    body.update(data)
    return client.post(
        f"{API}/threads/{key}/comments", body, content_type="application/json"
    )


def test_openapi_document_lists_the_contract(client: Client) -> None:
    paths = client.get(f"{API}/openapi.json").json()["paths"]

    assert set(paths) >= {
        "/api/v1/threads/{key}/comments",
        "/api/v1/comments/{comment_id}",
        "/api/v1/comments/{comment_id}/votes",
        "/api/v1/counts",
    }
    assert {"get", "post"} <= set(paths["/api/v1/threads/{key}/comments"])
    assert {"patch", "delete"} <= set(paths["/api/v1/comments/{comment_id}"])


def test_post_returns_the_comment_and_an_edit_token(client: Client) -> None:
    response = _post(client, text="Hello *there*")

    data = response.json()
    assert response.status_code == 201
    assert data["comment"]["html"] == "<p>Hello <em>there</em></p>"
    assert data["comment"]["author"]["name"] == "Ana"
    assert data["comment"]["author"]["avatar"]["initials"] == "A"
    assert len(data["edit_token"]) > 20


def test_keys_with_slashes_and_unicode_work(client: Client) -> None:
    key = "/2026/11/ñandú-story/"

    assert _post(client, key=quote(key, safe="")).status_code == 201
    data = client.get(f"{API}/threads/{quote(key, safe='')}/comments").json()

    assert data["key"] == key
    assert data["count"] == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": ""}, "text"),
        ({"author_name": ""}, "author_name"),
        ({"author_email": "nope"}, "author_email"),
        ({"text": "x" * 5001}, "text"),
        ({"parent_id": 999999}, "parent_id"),
        ({"parent_id": "abc"}, "parent_id"),
        ({"notify": "always"}, "notify"),
        ({"anchor": {"quote": "x" * 5000}}, "anchor"),
    ],
)
def test_bad_posts_are_400_with_field_messages(
    client: Client, body: dict[str, Any], field: str
) -> None:
    response = _post(client, **body)

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert Comment.objects.count() == 0


def test_bad_bodies_are_400_not_500(client: Client) -> None:
    url = f"{API}/threads/{KEY}/comments"

    broken = client.post(url, "{nope", content_type="application/json")
    form = client.post(url, {"text": "x", "author_name": "A"})
    empty = client.post(url, "", content_type="application/json")

    assert broken.status_code == 400
    assert broken.json()["code"] == "invalid_json"
    assert form.status_code == 400
    assert empty.status_code == 400


def test_unknown_article_thread_is_404(client: Client) -> None:
    assert _post(client, key="page-987654").status_code == 404


def test_reading_sorts_and_pages_with_a_cursor(client: Client) -> None:
    for i in range(5):
        factories.comment(text=f"Number {i}")

    first = client.get(
        f"{API}/threads/{KEY}/comments", {"limit": "2", "sort": "oldest"}
    ).json()
    second = client.get(
        f"{API}/threads/{KEY}/comments",
        {"limit": "2", "sort": "oldest", "cursor": first["next_cursor"]},
    ).json()

    assert [c["html"] for c in first["comments"]] == [
        "<p>Number 0</p>",
        "<p>Number 1</p>",
    ]
    assert [c["html"] for c in second["comments"]] == [
        "<p>Number 2</p>",
        "<p>Number 3</p>",
    ]
    assert first["count"] == 5


def test_votes_sort_uses_score_then_newest(client: Client) -> None:
    a = factories.comment(text="A")
    b = factories.comment(text="B")
    c = factories.comment(text="C")
    for comment, voters in ((a, 2), (b, 1), (c, 1)):
        for n in range(voters):
            services.vote_cast(comment_id=comment.pk, voter=f"g:{n}", value=1)

    data = client.get(f"{API}/threads/{KEY}/comments", {"sort": "votes"}).json()

    # A has most votes; B and C tie, so the newer (C) comes first.
    assert [c["html"] for c in data["comments"]] == ["<p>A</p>", "<p>C</p>", "<p>B</p>"]


def test_replies_come_nested(client: Client) -> None:
    top = factories.comment(text="Top")
    factories.comment(text="Reply", parent_id=top.pk)

    data = client.get(f"{API}/threads/{KEY}/comments").json()

    assert data["comments"][0]["replies"][0]["html"] == "<p>Reply</p>"
    assert data["comments"][0]["replies"][0]["parent_id"] == top.pk


@pytest.mark.parametrize(
    "query",
    [
        {"sort": "sideways"},
        {"cursor": "garbage"},
        {"limit": "0"},
        {"limit": "1001"},
        {"limit": "x"},
    ],
)
def test_bad_read_parameters_are_400(client: Client, query: dict[str, str]) -> None:
    factories.comment()

    assert client.get(f"{API}/threads/{KEY}/comments", query).status_code == 400


def test_an_unknown_thread_reads_as_empty(client: Client) -> None:
    data = client.get(f"{API}/threads/never-used/comments").json()

    assert (data["count"], data["comments"]) == (0, [])


def test_edit_and_delete_with_the_token(client: Client) -> None:
    posted = _post(client).json()
    comment_id, token = posted["comment"]["id"], posted["edit_token"]
    url = f"{API}/comments/{comment_id}"

    wrong = client.patch(
        url, {"text": "x", "edit_token": "nope"}, content_type="application/json"
    )
    edited = client.patch(
        url,
        {"text": "Edited"},
        content_type="application/json",
        HTTP_X_EDIT_TOKEN=token,
    )
    refused = client.delete(url)
    deleted = client.delete(url, HTTP_X_EDIT_TOKEN=token)

    assert wrong.status_code == 403
    assert edited.status_code == 200
    assert edited.json()["html"] == "<p>Edited</p>"
    assert edited.json()["edited_at"] is not None
    assert refused.status_code == 403
    assert deleted.status_code == 204
    assert client.delete(url, HTTP_X_EDIT_TOKEN=token).status_code == 404


def test_an_edit_that_empties_the_comment_is_refused(client: Client) -> None:
    posted = _post(client).json()

    response = client.patch(
        f"{API}/comments/{posted['comment']['id']}",
        {"text": "  ", "edit_token": posted["edit_token"]},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "text" in response.json()["errors"]


def test_voting_gives_totals_and_a_reader_token_for_embeds(client: Client) -> None:
    comment = factories.comment()
    url = f"{API}/comments/{comment.pk}/votes"

    first = client.post(url, {"value": 1}, content_type="application/json").json()
    stranger = Client()
    header = {"HTTP_X_GAZETTE_READER": first["reader_token"]}
    again = stranger.post(
        url, {"value": -1}, content_type="application/json", **header
    ).json()

    assert (first["upvotes"], first["score"]) == (1, 1)
    assert first["reader_token"]
    # Same reader (by header, without the cookie): the vote changes, no new vote.
    assert (again["upvotes"], again["downvotes"], again["score"]) == (0, 1, -1)
    assert again["reader_token"] is None


@pytest.mark.parametrize(("value", "status"), [(2, 400), ("up", 400), (None, 400)])
def test_bad_votes(client: Client, value: Any, status: int) -> None:
    comment = factories.comment()

    response = client.post(
        f"{API}/comments/{comment.pk}/votes",
        {"value": value},
        content_type="application/json",
    )

    assert response.status_code == status


def test_voting_on_a_missing_comment_is_404(client: Client) -> None:
    response = client.post(
        f"{API}/comments/424242/votes", {"value": 1}, content_type="application/json"
    )

    assert response.status_code == 404


def test_votes_are_rate_limited(client: Client, settings: Any) -> None:
    settings.GAZETTE_RATELIMIT_VOTES = "2/60"
    comment = factories.comment()
    url = f"{API}/comments/{comment.pk}/votes"
    for value in (1, -1):
        assert (
            client.post(
                url, {"value": value}, content_type="application/json"
            ).status_code
            == 200
        )

    response = client.post(url, {"value": 0}, content_type="application/json")

    assert response.status_code == 429
    assert response["Retry-After"]


def test_counts_for_many_threads(client: Client, article: Any) -> None:
    factories.comment(thread_key=f"page-{article.pk}")
    factories.comment()
    factories.comment()

    data = client.get(
        f"{API}/counts", {"keys": f"page-{article.pk},{KEY},unused"}
    ).json()

    assert data == {"counts": {f"page-{article.pk}": 1, KEY: 2, "unused": 0}}


@pytest.mark.parametrize("keys", ["", ",,,", ",".join(f"k{i}" for i in range(101))])
def test_bad_count_requests_are_400(client: Client, keys: str) -> None:
    assert client.get(f"{API}/counts", {"keys": keys}).status_code == 400


def test_a_thread_read_is_cached_until_the_thread_changes(client: Client) -> None:
    factories.comment(text="First")
    url = f"{API}/threads/{KEY}/comments"
    client.get(url)

    with CaptureQueriesContext(connection) as cached:
        client.get(url)
    cached_queries = len(cached)  # read now: the next request clears the log
    factories.comment(text="Second")
    fresh = client.get(url).json()

    assert cached_queries == 1  # the thread's version, nothing else
    assert [c["html"] for c in fresh["comments"]] == ["<p>Second</p>", "<p>First</p>"]


def test_reading_a_thread_costs_the_same_queries_for_10_and_1000_comments(
    client: Client,
) -> None:
    factories.thread_of("small", 10)
    factories.thread_of("large", 1000)

    def uncached(key: str) -> int:
        clear_cache()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"{API}/threads/{key}/comments", {"limit": "1000"})
        assert response.status_code == 200
        return len(captured)

    assert uncached("small") == uncached("large")


def test_no_email_or_ip_address_in_any_api_response(client: Client) -> None:
    posted = _post(client, REMOTE_ADDR="203.0.113.77")
    comment_id = posted.json()["comment"]["id"]
    responses = [
        posted,
        client.get(f"{API}/threads/{KEY}/comments"),
        client.post(
            f"{API}/comments/{comment_id}/votes",
            {"value": 1},
            content_type="application/json",
            REMOTE_ADDR="203.0.113.77",
        ),
        client.get(f"{API}/counts", {"keys": KEY}),
        client.get(f"/comments/{comment_id}/", follow=True),
        client.get(f"/embed/threads/{KEY}"),
    ]

    for response in responses:
        body = response.content.decode()
        assert "ana.private@example.org" not in body
        assert "203.0.113.77" not in body
    stored = Comment.objects.get()
    assert stored.ip_hash
    assert "203.0.113.77" not in stored.ip_hash
    assert json.dumps(posted.json()).count("@") == 0
