"""Fault drills on the production stack: bursts of posts while something fails.

``burst`` posts from several threads through nginx, each post with its own
Idempotency-Key, and returns what each client was told. ``settle`` then sends
every post that was not acknowledged again with the same key, as a client
would, and ``lost`` compares what clients were told with what PostgreSQL holds.
The quick drill runs in the suite (``test_drills.py``); ``make drill`` runs
them all (``bench/drill.py``).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from tests.production.stack import Stack


@dataclass
class Post:
    key: str
    text: str
    status: int = 0
    comment_id: int = 0
    answer: str = ""


def _send(stack: Stack, thread: str, post: Post) -> None:
    try:
        answer = stack.post_comment(
            stack.url(""), thread, post.text, **{"Idempotency-Key": post.key}
        )
    except OSError:
        post.status = 0  # no answer at all: not acknowledged
        return
    post.status = answer.status
    post.answer = answer.body[:300].decode(errors="replace")
    if answer.status == 201:
        post.comment_id = int(answer.json()["comment"]["id"])


def burst(
    stack: Stack,
    thread: str,
    *,
    clients: int = 8,
    each: int = 25,
    fault: Callable[[], None] | None = None,
    fault_after: float = 0.5,
) -> list[Post]:
    """``clients`` times ``each`` posts; ``fault`` runs ``fault_after`` s in."""
    # Texts are unique per thread without random letters, which could spell a
    # word the moderation asks the author to reconsider ("a55").
    posts = [
        [Post(uuid.uuid4().hex, f"Drill {thread} {c}-{n}") for n in range(each)]
        for c in range(clients)
    ]

    def client(mine: list[Post]) -> None:
        for post in mine:
            _send(stack, thread, post)

    workers = [threading.Thread(target=client, args=(mine,)) for mine in posts]
    for worker in workers:
        worker.start()
    if fault is not None:
        time.sleep(fault_after)
        fault()
    for worker in workers:
        worker.join()
    return [post for mine in posts for post in mine]


def settle(stack: Stack, thread: str, posts: list[Post], *, tries: int = 20) -> None:
    """Send each unacknowledged post again with its key until it is acknowledged."""
    for _ in range(tries):
        waiting = [post for post in posts if post.status != 201]
        if not waiting:
            return
        for post in waiting:
            _send(stack, thread, post)
        time.sleep(0.5)


def lost(stack: Stack, posts: list[Post]) -> list[str]:
    """What went wrong: acknowledged posts not stored whole, or stored twice."""
    stored = stack.stored_comments()
    problems = [
        f"acknowledged but not stored whole: {post.text!r}"
        for post in posts
        if post.status == 201 and stored.get(post.comment_id) != post.text
    ]
    texts = list(stored.values())
    problems += [
        f"stored {texts.count(post.text)} times: {post.text!r}"
        for post in posts
        if texts.count(post.text) > 1
    ]
    return problems
