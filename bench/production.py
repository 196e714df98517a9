"""make bench (production part): the production stack under load, through nginx.

Runs ``tests/production/stack.py`` (two uvicorn app servers, an RQ worker,
PostgreSQL, Redis, nginx with the rendered configuration) and measures, with
wrk over loopback:

1. the cached article page through nginx, beside the same nginx serving a
   static file of the same size (the ceiling): the ratio, target at least 0.5;
   and the same for a 1,000-comment thread read whole through the API
   (``?limit=1000``, served from the app's cache by its fast path);
2. a mixed load for BENCH_MIXED_SECONDS (default 600): article pages, thread
   reads, posts and votes from wrk, while 200 readers hold live streams open.
   It reports requests/s, errors (non-2xx answers and socket errors) and lost
   writes: posts acknowledged with 201 that are not stored, counted from what
   wrk saw against PostgreSQL.

DATABASE_URL (PostgreSQL) and REDIS_URL default to this machine's servers.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from run import ensure_tools, say  # noqa: E402

from tests.production.stack import STACK_KEY, Stack  # noqa: E402
from tests.stamps import stamp  # noqa: E402

DURATION = int(os.environ.get("BENCH_DURATION", "20"))
MIXED = int(os.environ.get("BENCH_MIXED_SECONDS", "600"))
READERS = int(os.environ.get("BENCH_MIXED_READERS", "200"))
THREAD = "bench-mixed"
BIG_THREAD = "bench-big"

MIXED_LUA = """
-- Globals, so that done() can read each thread's counts with thread:get().
posted, acknowledged, bad = 0, 0, 0
codes = {}
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end
function init(args)
  article = args[1]
  comments = {}
  for i = 2, #args do table.insert(comments, args[i]) end
  counter = 0
end
request = function()
  counter = counter + 1
  local pick = counter %% 20
  if pick < 10 then
    return wrk.format("GET", article)
  elseif pick < 16 then
    return wrk.format("GET", "/api/v1/threads/%(thread)s/comments?limit=50")
  elseif pick < 18 then
    posted = posted + 1
    local body = string.format(
      '{"text":"Mixed load comment %%d from client %%d","author_name":"Reader","rendered":"%(stamp)s"}',
      counter, id)
    return wrk.format("POST", "/api/v1/threads/%(thread)s/comments",
      {["Content-Type"] = "application/json"}, body)
  else
    local body = string.format('{"value": %%d}', (counter %% 3) - 1)
    local comment = comments[(counter %% #comments) + 1]
    return wrk.format("POST", "/api/v1/comments/" .. comment .. "/votes",
      {["Content-Type"] = "application/json",
       ["X-Gazette-Reader"] = string.format("r%%08d", counter)}, body)
  end
end
-- Only a post is answered 201; responses come back in any order.
response = function(status, headers, body)
  if status == 201 then acknowledged = acknowledged + 1 end
  if status >= 400 then
    bad = bad + 1
    codes[status] = (codes[status] or 0) + 1
  end
end
done = function(summary, latency, requests)
  local p, a, b = 0, 0, 0
  for _, thread in ipairs(threads) do
    p = p + thread:get("posted")
    a = a + thread:get("acknowledged")
    b = b + thread:get("bad")
  end
  io.write(string.format("MIXED posted=%%d acknowledged=%%d bad=%%d\\n", p, a, b))
  for _, thread in ipairs(threads) do
    for code, n in pairs(thread:get("codes")) do
      io.write(string.format("CODE %%d %%d\\n", code, n))
    end
  end
end
"""


def wrk(
    url: str,
    seconds: int,
    *,
    script: Path | None = None,
    args: tuple[str, ...] = (),
    connections: int = 32,
) -> str:
    # A reader's browser waits far longer; past 10 s wrk counts an error.
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "10s",
    ]
    if script is not None:
        command += ["-s", str(script)]
    command += [url, *(["--", *args] if args else [])]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def rps(out: str) -> float:
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]


def errors(out: str) -> int:
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    return (int(bad.group(1)) if bad else 0) + (
        sum(map(int, socket.groups())) if socket else 0
    )


def latency(out: str, pct: str) -> str:
    found = re.search(rf"\s{pct}%\s+([\d.]+\w+)", out)
    return found.group(1) if found else "?"


def hold_streams(stack: Stack, key: str, stop: threading.Event) -> list[int]:
    """READERS open live streams until ``stop``; counts events each one got."""
    got = [0] * READERS

    def reader(index: int) -> None:
        port = stack.app_ports[index % 2]
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/threads/{key}/events",
            headers={"Accept": "text/event-stream"},
        )
        try:
            with urllib.request.urlopen(request, timeout=MIXED + 60) as stream:  # noqa: S310
                for line in stream:
                    if line.startswith(b"event: comment.new"):
                        got[index] += 1
                    if stop.is_set():
                        return
        except OSError:
            return

    for index in range(READERS):
        threading.Thread(target=reader, args=(index,), daemon=True).start()
    return got


def big_thread(stack: Stack, folder: Path) -> tuple[float, float, int]:
    """The whole 1,000-comment thread through nginx, and a static file its size."""
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "seed_gazette.py")],
        env={
            **stack.env,
            "GAZETTE_ENV": "development",
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "BENCH_BIG_KEY": BIG_THREAD,
        },
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    url = stack.url(f"/api/v1/threads/{BIG_THREAD}/comments?limit=1000")
    body = stack.get(url).body  # the first read renders it and fills the cache
    static = folder / "data" / "static" / "bench-big-thread.json"
    static.write_bytes(b"x" * len(body))
    served = rps(wrk(url, DURATION))
    ceiling = rps(wrk(stack.url("/static/bench-big-thread.json"), DURATION))
    return served, ceiling, len(body)


def main() -> int:
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    ensure_tools()
    with tempfile.TemporaryDirectory() as folder:
        stack = Stack.from_environment(Path(folder))
        # As a newsroom runs it, but for the per-network limits: every reader
        # here comes from one address.
        stack.overrides = {
            "GAZETTE_MICROCACHE_SECONDS": "10",
            "GAZETTE_VOTES_PER_IP": "1000000000",
        }
        try:
            say(
                "production: starting the stack (2 app servers, worker, PostgreSQL, Redis, nginx) ..."
            )
            stack.start()
            path, _key = stack.article_path()
            page = stack.get(stack.url(path)).body
            static = Path(folder) / "data" / "static" / "bench-same-size.html"
            static.write_bytes(b"x" * len(page))
            stack.get(stack.url(path))
            say(
                "production: cached article page through nginx, and a static file of its size ..."
            )
            cached = wrk(stack.url(path), DURATION)
            ceiling = wrk(stack.url("/static/bench-same-size.html"), DURATION)
            say("production: a 1,000-comment thread through the API, and its size ...")
            big_rps, big_ceiling, big_bytes = big_thread(stack, Path(folder))
            # Readers vote on the twenty comments they see first.
            voted = [
                str(
                    stack.post_comment(
                        stack.url(""), THREAD, f"Worth a vote {n}"
                    ).json()["comment"]["id"]
                )
                for n in range(20)
            ]
            script = Path(folder) / "mixed.lua"
            script.write_text(
                MIXED_LUA % {"thread": THREAD, "stamp": stamp(key=STACK_KEY)}
            )
            stop = threading.Event()
            got = hold_streams(stack, THREAD, stop)
            time.sleep(2)
            say(f"production: mixed load for {MIXED} s with {READERS} live readers ...")
            mixed = wrk(stack.url(""), MIXED, script=script, args=(path, *voted))
            # Events still on their way when wrk stops: wait until none arrive.
            settled, last = time.monotonic(), -1
            while time.monotonic() - settled < 30 and min(got) != last:
                last = min(got)
                time.sleep(2)
            stop.set()
            counts = dict(re.findall(r"(\w+)=(\d+)", mixed.split("MIXED", 1)[1]))
            codes: dict[str, int] = {}
            for code, n in re.findall(r"CODE (\d+) (\d+)", mixed):
                codes[code] = codes.get(code, 0) + int(n)
            stored = sum(
                text.startswith("Mixed load comment ")
                for text in stack.stored_comments().values()
            )
        finally:
            stack.stop()
    ratio = rps(cached) / rps(ceiling)
    big_ratio = big_rps / big_ceiling
    acknowledged = int(counts["acknowledged"])
    result = {
        "cached_article_rps": rps(cached),
        "static_same_size_rps": rps(ceiling),
        "ratio": ratio,
        "page_bytes": len(page),
        "big_thread_rps": big_rps,
        "big_thread_static_rps": big_ceiling,
        "big_thread_ratio": big_ratio,
        "big_thread_bytes": big_bytes,
        "mixed_seconds": MIXED,
        "mixed_rps": rps(mixed),
        "mixed_p50": latency(mixed, "50"),
        "mixed_p99": latency(mixed, "99"),
        "mixed_errors": errors(mixed),
        "posts_sent": int(counts["posted"]),
        "posts_acknowledged": acknowledged,
        "posts_stored": stored,
        "lost_writes": acknowledged - stored,
        "live_readers": READERS,
        "live_events_min": min(got),
        "error_statuses": codes,
    }
    say("")
    say("wrk's own summary of the mixed load:")
    say("\n".join("  " + line for line in mixed.splitlines() if line.strip()))
    say("")
    say(
        f"cached article page via nginx  {rps(cached):10.1f} req/s  p99 {latency(cached, '99')}"
    )
    say(
        f"static file of {len(page)} bytes  {rps(ceiling):10.1f} req/s  p99 {latency(ceiling, '99')}"
    )
    say(f"ratio {ratio:.2f} {'meets' if ratio >= 0.5 else 'MISSES'} target ≥ 0.5")
    say(
        f"1,000-comment thread ({big_bytes} bytes) via nginx {big_rps:10.1f} req/s, "
        f"static file of its size {big_ceiling:10.1f} req/s: ratio {big_ratio:.2f} "
        f"{'meets' if big_ratio >= 0.5 else 'MISSES'} target ≥ 0.5"
    )
    say(
        f"mixed load {MIXED} s: {rps(mixed):.1f} req/s, p50 {latency(mixed, '50')}, "
        f"p99 {latency(mixed, '99')}, errors {result['mixed_errors']}; posts sent "
        f"{result['posts_sent']}, acknowledged {acknowledged}, stored {stored}, "
        f"lost {acknowledged - stored}; each of {READERS} live readers got at least "
        f"{min(got)} new-comment events; error answers by status {codes or 'none'}"
    )
    out = ROOT / "artifacts" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "production.json").write_text(json.dumps(result, indent=2))
    return 0 if result["mixed_errors"] == 0 and result["lost_writes"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
