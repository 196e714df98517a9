"""Two app servers, a worker, PostgreSQL and Redis behind nginx, over loopback.

What one app server does, the other sees at once: comments, live events,
cache invalidation (Django's cache and nginx's micro-cache) and rate limits.
"""

from __future__ import annotations

import http.client
import json
import queue
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tests.production.stack import Stack, wait_until


def _unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:12]}"


@contextmanager
def _listening(port: int, key: str) -> Iterator[queue.Queue[dict[str, Any]]]:
    """The thread's live events, as one app server streams them."""
    events: queue.Queue[dict[str, Any]] = queue.Queue()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    # As live.js does: from this moment on, so that an event published before
    # the subscription is in place (a loaded machine) is replayed, not lost.
    since = int(time.time() * 1000)
    connection.request(
        "GET",
        f"/api/v1/threads/{key}/events?since={since}",
        headers={"Accept": "text/event-stream"},
    )
    response = connection.getresponse()
    assert response.status == 200
    assert response.getheader("Content-Type", "").startswith("text/event-stream")

    def read() -> None:
        kind = ""
        try:
            for raw in response:
                line = raw.decode().rstrip("\n")
                if line.startswith("event: "):
                    kind = line[7:]
                elif line.startswith("data: ") and kind == "comment.new":
                    events.put(json.loads(line[6:]))
        except Exception:  # the test closed the stream under it
            return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    time.sleep(0.5)  # the subscription is in place before anything is posted
    try:
        yield events
    finally:
        connection.close()


def _new_comment_ids(events: queue.Queue[dict[str, Any]], wanted: int) -> set[int]:
    seen: set[int] = set()
    deadline = time.monotonic() + 10
    while wanted not in seen and time.monotonic() < deadline:
        try:
            seen.add(int(events.get(timeout=0.5)["data"]["id"]))
        except queue.Empty:
            continue
    return seen


def test_a_comment_posted_through_one_app_server_is_read_through_the_other(
    stack: Stack,
) -> None:
    key = "scale-out-read"
    before = stack.get(stack.app_url(1, f"/api/v1/threads/{key}/comments")).json()
    text = _unique("Posted through the first app server")

    posted = stack.post_comment(stack.app_url(0, ""), key, text)
    assert posted.status == 201

    # The second app server had the empty thread cached; its answer is new.
    after = stack.get(stack.app_url(1, f"/api/v1/threads/{key}/comments")).json()
    assert before["count"] == 0
    assert after["count"] == 1
    assert [text in c["html"] for c in after["comments"]] == [True]
    counts = stack.get(stack.app_url(1, f"/api/v1/counts?keys={key}")).json()
    assert counts["counts"] == {key: 1}


def test_live_events_reach_readers_on_both_app_servers(stack: Stack) -> None:
    key = "scale-out-live"
    with (
        _listening(stack.app_ports[0], key) as first,
        _listening(stack.app_ports[1], key) as second,
    ):
        posted = stack.post_comment(stack.url(""), key, _unique("Through nginx"))
        assert posted.status == 201
        comment_id = posted.json()["comment"]["id"]

        assert comment_id in _new_comment_ids(first, comment_id)
        assert comment_id in _new_comment_ids(second, comment_id)


def test_nginx_keeps_anonymous_pages_and_a_new_comment_refreshes_them(
    stack: Stack,
) -> None:
    path, key = stack.article_path()
    first = stack.get(stack.url(path))
    kept = stack.get(stack.url(path))
    assert kept.status == 200
    assert kept.headers["X-Cache"] == "HIT", (first.headers, kept.headers)
    # A reader with a session or Gazette's cookies gets their own page.
    own = stack.get(stack.url(path), headers={"Cookie": "gazette_mine=x"})
    assert own.headers["X-Cache"] == "BYPASS"

    # The refresh waits its turn in the one worker's queue: not behind the
    # hundreds of posts of the drill before this test.
    stack.wait_for_worker()
    text = _unique("Seen from the quay")
    assert stack.post_comment(stack.app_url(1, ""), key, text).status == 201

    # The page is kept for 300 s; only the refresh the worker sends can show
    # the comment this soon, and the page then comes from the cache again.
    deadline = time.monotonic() + 30
    page = stack.get(stack.url(path))
    while text not in page.body.decode() and time.monotonic() < deadline:
        time.sleep(0.2)
        page = stack.get(stack.url(path))
    assert text in page.body.decode()
    assert page.headers["X-Cache"] == "HIT"


def test_nginx_keeps_public_thread_reads_and_nothing_unmarked_waits_on_it(
    stack: Stack,
) -> None:
    """A public thread read is kept a second; what is not kept never queues.

    There is no cache lock: under one, concurrent readers of a URL the app
    does not mark waited in 500 ms steps for up to five seconds (the mixed
    load's p99 in ``make bench``).
    """
    _path, key = stack.article_path()
    url = stack.url(f"/api/v1/threads/{key}/comments?limit=5")
    stack.get(url)  # rendered by Django, which fills the app's cache
    wait_until(
        lambda: stack.get(url).header("X-Cache") == "HIT", timeout=10, what="a HIT"
    )
    own = stack.get(url, headers={"Cookie": "gazette_mine=x"})
    assert own.status == 200
    assert own.header("X-Cache") == "BYPASS"
    feed = [stack.get(stack.url("/feeds/rss/")) for _ in range(2)]
    assert [answer.header("X-Cache") for answer in feed] == ["MISS", "MISS"]
    site = (stack.folder / "nginx" / "site.conf").read_text()
    assert "proxy_cache_lock on" not in site


def test_rate_limits_are_shared_by_the_app_servers(stack: Stack) -> None:
    comments = [
        stack.post_comment(stack.url(""), "scale-out-limits", f"Report me {n}")
        for n in range(5)
    ]
    reader = {"X-Forwarded-For": "203.0.113.77"}

    answers = [
        stack.request(
            "POST",
            stack.app_url(
                n % 2, f"/api/v1/comments/{posted.json()['comment']['id']}/flags"
            ),
            {"reason": "spam"},
            headers=reader,
        ).status
        for n, posted in enumerate(comments)
    ]

    # GAZETTE_RATELIMIT_REPORTS is 4 an hour: the fifth is refused, whichever
    # app server it reaches.
    assert answers == [201, 201, 201, 201, 429]
