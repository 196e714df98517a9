"""GET …/mine: the reader's own part of a thread, for pages and cookieless frames."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gazette.discussion.models import Comment
from gazette.moderation.models import Policy
from tests.frame import Frame
from tests.stamps import stamp

pytestmark = pytest.mark.django_db
THREAD = "/api/v1/threads/frame-post"


def _hold_everything() -> None:
    Policy.objects.get_or_create(page=None, defaults={"mode": Policy.Mode.ALL})


def _post(frame: Frame, text: str, name: str = "Guest Frame") -> Any:
    body = {"text": text, "author_name": name, "rendered": stamp()}
    return frame.call("POST", f"{THREAD}/comments", body)


def test_a_guest_frame_sees_its_held_comment_and_votes_after_a_reload() -> None:
    frame = Frame()
    first = json.loads(_post(frame, "A first thought, published.").content)
    frame.headers["X-Gazette-Reader"] = first["reader_token"]
    frame.headers["X-Gazette-Mine"] = first["mine_token"]
    _hold_everything()
    second = json.loads(_post(frame, "A second one, held.").content)
    frame.headers["X-Gazette-Mine"] = second["mine_token"]
    assert second["pending"] is True
    voted = frame.call(
        "POST", f"/api/v1/comments/{first['comment']['id']}/votes", {"value": 1}
    )
    assert voted.status_code == 200

    mine = json.loads(frame.call("GET", f"{THREAD}/mine").content)

    assert mine["signed_in"] is False
    assert mine["votes"] == {str(first["comment"]["id"]): 1}
    assert [c["id"] for c in mine["awaiting"]] == [second["comment"]["id"]]
    # Another browser, with its own guest id, sees none of it.
    stranger = json.loads(Frame().call("GET", f"{THREAD}/mine").content)
    assert stranger == {"signed_in": False, "name": None, "votes": {}, "awaiting": []}


def test_a_mine_token_names_only_what_its_browser_posted() -> None:
    _hold_everything()
    theirs = json.loads(_post(Frame(), "Someone else's held comment.").content)
    frame = Frame()
    ids = [theirs["comment"]["id"]]
    for forged in (signing.dumps(ids), signing.dumps(ids, salt="gazette.x"), "[1]"):
        frame.headers["X-Gazette-Mine"] = forged
        mine = json.loads(frame.call("GET", f"{THREAD}/mine").content)
        assert mine["awaiting"] == []
    assert Comment.objects.get(pk=ids[0]).status == Comment.Status.PENDING


def test_a_guest_frame_with_only_its_partitioned_cookie_keeps_its_comments() -> None:
    frame = Frame(partitioned=True)
    _hold_everything()
    held = json.loads(_post(frame, "Held, and mine after a reload.").content)

    frame.reload()  # the script kept nothing: no reader id, no ids
    mine = json.loads(frame.call("GET", f"{THREAD}/mine").content)

    assert [c["id"] for c in mine["awaiting"]] == [held["comment"]["id"]]


def _queries_for_mine(frame: Frame) -> int:
    with CaptureQueriesContext(connection) as queries:
        answer = frame.call("GET", f"{THREAD}/mine")
    assert answer.status_code == 200
    assert answer["Cache-Control"] == "private, no-store"
    return len(queries)


def test_mine_takes_the_same_queries_for_one_comment_or_many() -> None:
    frame = Frame(partitioned=True)
    _hold_everything()
    _post(frame, "The first of my held comments.")
    few = _queries_for_mine(frame)
    for n in range(6):
        _post(frame, f"Held comment number {n} of mine.")

    assert _queries_for_mine(frame) == few
