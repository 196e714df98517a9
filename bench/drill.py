"""make drill: the fault drills on the production stack, with figures.

Runs ``tests/production/stack.py`` (two app servers, a worker, PostgreSQL,
Redis, nginx) and, for each drill, a burst of 200 posts from 8 clients while
the fault happens: an app server killed with SIGKILL, and PostgreSQL
restarted. Each drill then sends the unacknowledged posts again with their
Idempotency-Keys and checks that every acknowledged post is stored whole and
every post is stored exactly once. Exits non-zero if anything was lost.

Needs DATABASE_URL (PostgreSQL, on this machine for the restart drill),
REDIS_URL and nginx, as the production tests do; run as root for the restart.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.production import drills  # noqa: E402
from tests.production.stack import Stack  # noqa: E402


def restart_postgresql() -> None:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
        check=True,
    )


def run(stack: Stack, name: str, fault: object) -> bool:
    thread = f"drill-{name}"
    started = time.monotonic()
    posts = drills.burst(stack, thread, fault=fault)  # type: ignore[arg-type]
    took = time.monotonic() - started
    first = sum(post.status == 201 for post in posts)
    failed = {post.status for post in posts if post.status != 201}
    problems = drills.lost(stack, posts)
    drills.settle(stack, thread, posts)
    problems += drills.lost(stack, posts)
    stored = sum(
        text.startswith(f"Drill {thread} ") for text in stack.stored_comments().values()
    )
    if stored != len(posts):
        problems.append(f"{stored} stored for {len(posts)} posts")
    print(
        f"{name}: {len(posts)} posts in {took:.1f} s; {first} acknowledged at once, "
        f"{len(posts) - first} not (answers {sorted(failed)}), all acknowledged "
        f"after retries with the same key: {all(p.status == 201 for p in posts)}; "
        f"stored {stored}; lost or doubled: {len(problems)}",
        flush=True,
    )
    for problem in problems[:10]:
        print("  " + problem)
    for post in posts:
        if post.status != 201:
            print(f"  still {post.status}: {post.answer}")
    return not problems


def main() -> int:
    for name in ("DATABASE_URL", "REDIS_URL"):
        if not os.environ.get(name):
            print(f"make drill needs {name} (PostgreSQL and Redis)", file=sys.stderr)
            return 2
    with tempfile.TemporaryDirectory() as folder:
        stack = Stack.from_environment(Path(folder))
        try:
            print("starting the production stack...", flush=True)
            stack.start()
            victim = f"app-{stack.app_ports[0]}"
            ok = run(stack, "sigkill-app-server", lambda: stack.kill(victim))
            stack.start_app(stack.app_ports[0])
            ok &= run(stack, "postgresql-restart", restart_postgresql)
            # The app servers were not restarted: they reconnect by themselves.
            ok &= run(stack, "after-restart", None)
        finally:
            stack.stop()
    print("drills passed" if ok else "DRILLS FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
