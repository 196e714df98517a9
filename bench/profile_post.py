"""Where a comment post's milliseconds go: cProfile over real posts.

Posts ``PROFILE_POSTS`` comments (default 300) through the JSON API with
Django's test client, in process, on a fresh SQLite database (or the
PostgreSQL server of ``DATABASE_URL``), the way ``make bench`` posts them:
rate limits off, a genuine form stamp, Markdown and a link in the text.
Prints the mean time per post and the functions that took it (cumulative).

    .venv/bin/python bench/profile_post.py            # SQLite
    DATABASE_URL=postgres://... .venv/bin/python bench/profile_post.py
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
POSTS = int(os.environ.get("PROFILE_POSTS", "300"))
TEXT = "Bench comment {n} with **markdown** and a [link](https://news.example/)."


def main() -> None:
    folder = tempfile.mkdtemp(prefix="gazette-profile-")
    os.environ.update(
        GAZETTE_ENV="development",
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        GAZETTE_DATA_DIR=folder,
        GAZETTE_RATELIMIT_ENABLED="false",
        LOG_LEVEL="WARNING",
    )
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from tests.stamps import stamp

    call_command("migrate", "--no-input", verbosity=0)
    client = Client(HTTP_HOST="127.0.0.1")
    url = "/api/v1/threads/bench-posts/comments"

    def post(n: int) -> None:
        body = {"text": TEXT.format(n=n), "author_name": f"Reader {n % 150}"}
        response = client.post(
            url, {**body, "rendered": stamp()}, content_type="application/json"
        )
        assert response.status_code == 201, response.content

    for n in range(20):  # warm: imports, the scorer, connections
        post(n)
    started = time.perf_counter()
    for n in range(POSTS):
        post(POSTS + n)
    plain = time.perf_counter() - started
    print(f"{POSTS} posts: {plain * 1000 / POSTS:.2f} ms per post")
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for n in range(POSTS):
        post(n)
    profiler.disable()
    elapsed = time.perf_counter() - started
    print(f"{POSTS} posts: {elapsed * 1000 / POSTS:.2f} ms per post (profiled)")
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(r"gazette/|django/db/backends|markdown_it|nh3", 40)
    print(out.getvalue())


if __name__ == "__main__":
    main()
