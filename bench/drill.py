"""make drill: the fault drills on the production stack, with figures.

Runs ``tests/production/stack.py`` (two app servers, a worker, PostgreSQL,
Redis, nginx) and, for each drill, a burst of 200 posts from 8 clients while
the fault happens: an app server killed with SIGKILL, PostgreSQL restarted,
and Redis stopped (pages must still be served and event streams answer 503,
so browsers poll) and started again. Each drill then sends the unacknowledged posts again with their
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
from urllib.parse import urlsplit

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


def redis_address(stack: Stack) -> tuple[str, str]:
    url = urlsplit(stack.redis_url)
    return url.hostname or "127.0.0.1", str(url.port or 6379)


def stop_redis(stack: Stack) -> None:
    host, port = redis_address(stack)
    subprocess.run(
        ["redis-cli", "-h", host, "-p", port, "shutdown", "nosave"],
        check=False,
        capture_output=True,
    )


def start_redis(stack: Stack) -> None:
    host, port = redis_address(stack)
    subprocess.run(
        [
            "redis-server",
            "--daemonize",
            "yes",
            "--bind",
            host,
            "--port",
            port,
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        check=True,
        capture_output=True,
    )
    time.sleep(1)


def redis_outage(stack: Stack) -> bool:
    """Redis stopped: pages, posts and donations go on; live updates say 503."""
    path, key = stack.article_path()
    stop_redis(stack)
    try:
        ok = run(stack, "redis-stopped", None)
        page = stack.get(stack.url(path), headers={"Cookie": "gazette_mine=x"})
        events = stack.get(stack.app_url(0, f"/api/v1/threads/{key}/events"))
        webhook_ok = stack.get(stack.url("/api/v1/drives")).status == 200
        print(
            f"redis-stopped: article page {page.status} (rendered, not cached), "
            f"event stream {events.status} (live.js polls), drives API "
            f"{'200' if webhook_ok else 'failed'}",
            flush=True,
        )
        ok &= page.status == 200 and events.status == 503 and webhook_ok
    finally:
        start_redis(stack)
    if stack.processes["worker"].poll() is not None:  # systemd would restart it
        stack.processes.pop("worker")
        stack.start_worker()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        status = stack.get(stack.app_url(0, "/api/v1/counts?keys=x")).status
        if status == 200:
            break
        time.sleep(0.5)
    ok &= run(stack, "after-redis-returns", None)
    return ok


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
            ok &= redis_outage(stack)
        finally:
            stack.stop()
    print("drills passed" if ok else "DRILLS FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
