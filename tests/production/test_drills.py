"""The quick fault drill: an app server killed with SIGKILL during a burst.

Every post is either stored whole and acknowledged, or not acknowledged; sent
again with its Idempotency-Key, each is then stored exactly once. The rest of
the drills (PostgreSQL restarted, Redis stopped) are in ``make drill``.
"""

from __future__ import annotations

from tests.production import drills
from tests.production.stack import Stack


def test_an_app_server_killed_during_a_burst_of_posts_loses_nothing(
    stack: Stack,
) -> None:
    victim = f"app-{stack.app_ports[0]}"

    posts = drills.burst(stack, "drill-sigkill", fault=lambda: stack.kill(victim))

    acknowledged = sum(post.status == 201 for post in posts)
    assert acknowledged > 0
    assert drills.lost(stack, posts) == []
    # The surviving app server takes the retries; then the killed one returns.
    drills.settle(stack, "drill-sigkill", posts)
    stack.start_app(stack.app_ports[0])
    assert all(post.status == 201 for post in posts)
    assert drills.lost(stack, posts) == []
    assert sum(
        text.startswith("Drill drill-sigkill ")
        for text in stack.stored_comments().values()
    ) == len(posts)
