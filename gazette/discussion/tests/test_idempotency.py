"""Idempotent posting: the same Idempotency-Key makes one comment, however sent."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from gazette.discussion.models import Comment, Thread
from tests.stamps import stamp

API = "/api/v1"
KEY = "idempotent-thread"


def _post(client: Client, key: str, text: str = "Hello", thread: str = KEY) -> Any:
    return client.post(
        f"{API}/threads/{thread}/comments",
        {"text": text, "author_name": "Ana", "rendered": stamp()},
        content_type="application/json",
        headers={"Idempotency-Key": key},
    )


@pytest.mark.django_db
def test_a_retried_post_answers_with_the_first_comment(client: Client) -> None:
    first = _post(client, "4d1c0b8e-double-click")
    again = _post(client, "4d1c0b8e-double-click")

    assert first.status_code == again.status_code == 201
    assert "Idempotent-Replayed" not in first.headers
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["comment"]["id"] == first.json()["comment"]["id"]
    assert again.json()["edit_token"] == first.json()["edit_token"]
    assert Comment.objects.count() == 1
    assert Thread.objects.get(key=KEY).comment_count == 1
    # The token handed back by the replay edits the comment.
    edited = client.patch(
        f"{API}/comments/{first.json()['comment']['id']}",
        {"text": "Hello again", "edit_token": again.json()["edit_token"]},
        content_type="application/json",
    )
    assert edited.status_code == 200


@pytest.mark.django_db
def test_one_key_for_two_different_comments_is_refused(client: Client) -> None:
    assert _post(client, "same-key", text="First thought").status_code == 201

    response = _post(client, "same-key", text="Second thought")

    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_key_reused"
    assert list(Comment.objects.values_list("text", flat=True)) == ["First thought"]


@pytest.mark.django_db
def test_keys_are_per_thread_and_posts_without_a_key_are_not_merged(
    client: Client,
) -> None:
    _post(client, "k1", thread="thread-a")
    _post(client, "k1", thread="thread-b")
    for _ in range(2):
        client.post(
            f"{API}/threads/thread-a/comments",
            {"text": "Hello", "author_name": "Ana"},
            content_type="application/json",
        )

    assert Comment.objects.filter(thread__key="thread-a").count() == 3
    assert Comment.objects.filter(thread__key="thread-b").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["x" * 256, "clé-non-ascii", "tab\there"])
def test_a_bad_key_is_refused_and_nothing_is_written(client: Client, key: str) -> None:
    response = _post(client, key)

    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["detail"]
    assert not Comment.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_double_click_sent_at_once_makes_one_comment() -> None:
    clicks = 4
    start = threading.Barrier(clicks)
    answers: list[tuple[int, int]] = []

    def click() -> None:
        start.wait()
        try:
            response = _post(Client(), "race-7f3a")
            answers.append((response.status_code, response.json()["comment"]["id"]))
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(clicks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(answers) == clicks
    assert {status for status, _ in answers} == {201}
    assert len({comment for _, comment in answers}) == 1
    assert Comment.objects.count() == 1
    assert Thread.objects.get(key=KEY).comment_count == 1
