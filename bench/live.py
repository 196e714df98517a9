"""make bench (live part): Server-Sent Events at 500 readers and 1,000 streams.

One Gazette app server (uvicorn, SQLite, rate limits off) as ``make run`` starts
it. 500 readers hold ``/api/v1/threads/<key>/events`` open; comments are posted
one at a time, and for each we time its arrival at every reader (p50/p99 of all
arrivals). Then 1,000 streams are opened and the server's resident memory is
read from /proc before and after. Readers are plain asyncio sockets in this
process, so the measuring side stays small.

BENCH_LIVE_POSTS (default 20) sets how many comments are timed.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from run import free_port, process, say, wait_http  # noqa: E402

from tests.stamps import stamp  # noqa: E402

# The server's signing key, so that the bench can sign its forms' stamps.
BENCH_KEY = secrets.token_urlsafe(50)

KEY = "bench-live"
READERS = 500
STREAMS = 1000
POSTS = int(os.environ.get("BENCH_LIVE_POSTS", "20"))


class Reader:
    """One open event stream; records when each comment's event arrived."""

    def __init__(self) -> None:
        self.arrivals: dict[int, float] = {}
        self.ready = asyncio.Event()
        self.writer: asyncio.StreamWriter | None = None

    async def run(self, port: int) -> None:
        reader, self.writer = await asyncio.open_connection("127.0.0.1", port)
        self.writer.write(
            f"GET /api/v1/threads/{KEY}/events HTTP/1.1\r\nHost: bench\r\n"
            "Accept: text/event-stream\r\n\r\n".encode()
        )
        await self.writer.drain()
        while True:
            line = await reader.readline()
            if not line:
                return
            if line.startswith(b"retry:"):
                self.ready.set()
            elif line.startswith(b'data: {"channel"'):
                event = json.loads(line[6:])
                if event["kind"] == "comment.new":
                    self.arrivals[event["data"]["id"]] = time.perf_counter()

    def close(self) -> None:
        if self.writer:
            self.writer.close()


def post(port: int, n: int) -> tuple[int, float]:
    body = json.dumps(
        {
            "text": f"Live bench comment {n}",
            "author_name": "Bench",
            "rendered": stamp(key=BENCH_KEY),
        }
    )
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/threads/{KEY}/comments",
        data=body.encode(),
        headers={"Content-Type": "application/json"},
    )
    sent = time.perf_counter()
    with urllib.request.urlopen(request) as response:  # noqa: S310
        return int(json.loads(response.read())["comment"]["id"]), sent


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def server_pid(port: int) -> int:
    out = subprocess.run(
        ["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True
    ).stdout
    return int(out.split("pid=")[1].split(",")[0])


async def open_streams(
    port: int, count: int
) -> tuple[list[Reader], list[asyncio.Task[None]]]:
    readers = [Reader() for _ in range(count)]
    tasks = [asyncio.create_task(r.run(port)) for r in readers]
    await asyncio.wait_for(asyncio.gather(*(r.ready.wait() for r in readers)), 60)
    return readers, tasks


async def measure(port: int) -> dict[str, float]:
    readers, tasks = await open_streams(port, READERS)
    latencies: list[float] = []
    for n in range(POSTS):
        comment, sent = await asyncio.to_thread(post, port, n)
        deadline = time.perf_counter() + 10
        while time.perf_counter() < deadline and not all(
            comment in r.arrivals for r in readers
        ):
            await asyncio.sleep(0.002)
        latencies += [
            (r.arrivals[comment] - sent) * 1000
            for r in readers
            if comment in r.arrivals
        ]
    delivered = len(latencies) / (READERS * POSTS)
    for r in readers:
        r.close()
    for t in tasks:
        t.cancel()
    await asyncio.sleep(0.5)

    pid = server_pid(port)
    before = rss_mib(pid)
    streams, stream_tasks = await open_streams(port, STREAMS)
    await asyncio.sleep(1)
    after = rss_mib(pid)
    for r in streams:
        r.close()
    for t in stream_tasks:
        t.cancel()
    quantiles = statistics.quantiles(latencies, n=100)
    return {
        "readers": READERS,
        "posts": POSTS,
        "delivered": delivered,
        "p50_ms": quantiles[49],
        "p99_ms": quantiles[98],
        "rss_idle_mib": before,
        "rss_1000_streams_mib": after,
        "kib_per_stream": (after - before) * 1024 / STREAMS,
    }


def main() -> None:
    # Each stream is a socket on both sides; the server inherits this limit.
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "GAZETTE_ENV": "development",
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DEBUG": "false",
            "GAZETTE_DATA_DIR": folder,
            "GAZETTE_RATELIMIT_ENABLED": "false",
            "SECRET_KEY": BENCH_KEY,
        }
        env.pop("DATABASE_URL", None)
        env.pop("REDIS_URL", None)
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run(
            [*manage, "migrate", "--no-input"],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        port = free_port()
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "config.asgi:application",
            "--port",
            str(port),
        ]
        command += ["--no-access-log", "--timeout-graceful-shutdown", "2"]
        with process(command, env=env, log=Path(folder) / "server.log", cwd=ROOT):
            wait_http(f"http://127.0.0.1:{port}/api/v1/counts?keys=x")
            results = asyncio.run(measure(port))
    say("")
    say(f"Live updates: {READERS} readers, {POSTS} comments, one app server (SQLite)")
    say(
        f"  post → arrival at every reader  p50 {results['p50_ms']:.1f} ms   p99 {results['p99_ms']:.1f} ms   ({results['delivered']:.0%} delivered)"
    )
    say(
        f"  memory: {results['rss_idle_mib']:.0f} MiB idle, {results['rss_1000_streams_mib']:.0f} MiB with {STREAMS} streams ({results['kib_per_stream']:.0f} KiB a stream)"
    )
    out = ROOT / "artifacts" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "live.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
