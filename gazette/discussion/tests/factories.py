"""Discussion data, built through the discussion services."""

from __future__ import annotations

import itertools
from typing import Any

from gazette.discussion import services
from gazette.discussion.models import Comment

_counter = itertools.count(1)


def comment(
    *, thread_key: str = "embed-test-thread", text: str | None = None, **fields: Any
) -> Comment:
    n = next(_counter)
    fields.setdefault("author_name", f"Reader {n}")
    posted = services.comment_create(
        services.CommentRequest(
            thread_key=thread_key, text=text or f"Comment number {n}.", **fields
        )
    )
    return posted.comment


def posted(**fields: Any) -> services.Posted:
    fields.setdefault("author_name", "Ana")
    fields.setdefault("text", "A fine comment.")
    fields.setdefault("thread_key", "embed-test-thread")
    return services.comment_create(services.CommentRequest(**fields))


def thread_of(key: str, size: int) -> None:
    """A thread of ``size`` comments: a third top-level, the rest replies."""
    top = [comment(thread_key=key) for _ in range(max(1, size // 3))]
    for i in range(size - len(top)):
        comment(thread_key=key, parent_id=top[i % len(top)].pk)
