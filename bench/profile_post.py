"""Where a comment post's milliseconds go: cProfile over real posts.

Posts ``PROFILE_POSTS`` comments (default 300) through the code the app
server runs for ``POST /api/v1/threads/<key>/comments`` (``config/direct.py``:
the request built from an ASGI scope, the middleware's parts, the API view),
in process and on the main thread, on a fresh SQLite database (or the
PostgreSQL server of ``DATABASE_URL``), the way ``make bench`` posts them:
rate limits off, a genuine form stamp, Markdown and a link in the text.
Prints the mean time per post and the functions that took it (cumulative);
the whole profile is left in ``.bench/post.prof``.

    .venv/bin/python bench/profile_post.py            # SQLite
    DATABASE_URL=postgres://... .venv/bin/python bench/profile_post.py
"""

from __future__ import annotations

import cProfile
import io
import json
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

    from config.direct import DirectWrites
    from tests.stamps import stamp

    call_command("migrate", "--no-input", verbosity=0)
    server = DirectWrites(app=None, django=None)  # type: ignore[arg-type]
    rendered = stamp(seconds_ago=60)

    def post(n: int) -> None:
        body = json.dumps(
            {
                "text": TEXT.format(n=n),
                "author_name": f"Reader {n % 150}",
                "rendered": rendered,
            }
        ).encode()
        scope = {
            "type": "http",
            "method": "POST",
            "path": "/api/v1/threads/bench-posts/comments",
            "query_string": b"",
            "http_version": "1.1",
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 8000),
            "headers": [
                (b"host", b"127.0.0.1"),
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
        answer = server._run(scope, body)
        assert answer is not None, "the post went on to Django"
        assert answer[0] == 201, answer

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
    (ROOT / ".bench").mkdir(exist_ok=True)
    profiler.dump_stats(ROOT / ".bench" / "post.prof")  # for pstats or snakeviz
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(r"gazette/|django/db/backends|markdown_it|nh3", 40)
    print(out.getvalue())


if __name__ == "__main__":
    main()
