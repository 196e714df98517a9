"""make bench: Gazette's comment server beside Isso and nginx, in one run.

Gazette runs as in production on one machine (uvicorn, 2 workers, SQLite, rate
limits off); Isso runs as its docs advise (gunicorn -w 2 --preload, SQLite,
guard off) on the same comments; nginx serves a static file as large as
Gazette's 1,000-comment response, the ceiling for any dynamic server. Each is
measured with wrk over loopback; the script prints req/s, p50 and p99 and the
ratios the discussion issue sets as targets.

BENCH_DURATION (seconds per measurement, default 20) shortens a run.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from tests.stamps import stamp  # noqa: E402

from workload import BIG, SMALL, threads  # noqa: E402

BENCH_KEY = secrets.token_urlsafe(50)

WORK = ROOT / ".bench"
DURATION = int(os.environ.get("BENCH_DURATION", "20"))
ISSO_PINS = ["isso==0.14.0", "gunicorn==27.0.1"]
POST_LUA = """
counter = 0
request = function()
  counter = counter + 1
  local body = string.format(%s, counter, counter %% 150)
  return wrk.format("POST", nil, {["Content-Type"] = "application/json", %s}, body)
end
"""


def say(message: str) -> None:
    print(message, flush=True)


def ensure_tools() -> None:
    missing = [tool for tool in ("wrk", "nginx") if shutil.which(tool) is None]
    missing_packages = {"wrk": "wrk", "nginx": "nginx-light"}
    if not missing:
        return
    packages = [missing_packages[tool] for tool in missing]
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say(f"Installing {', '.join(packages)} with apt-get...")
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", *packages], check=True)
        return
    sys.exit(
        f"make bench needs {', '.join(packages)}: sudo apt-get install {' '.join(packages)}"
    )


def ensure_isso() -> Path:
    venv = WORK / "isso-venv"
    if not (venv / "bin" / "gunicorn").exists():
        say("Installing Isso into .bench/isso-venv ...")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "pip"), "install", "-q", *ISSO_PINS], check=True
        )
    return venv


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_http(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - loopback
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer")


@contextlib.contextmanager
def process(
    command: list[str], *, env: dict[str, str], log: Path, cwd: Path
) -> Iterator[None]:
    with log.open("wb") as out:
        proc = subprocess.Popen(
            command,
            env=env,
            cwd=cwd,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(
    url: str, *, connections: int = 8, script: str | None = None
) -> dict[str, float]:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{DURATION}s", "--latency", url]
    if script:
        path = WORK / f"wrk-{abs(hash(script))}.lua"
        path.write_text(script)
        command[1:1] = ["-s", str(path)]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = re.search(r"\s50%\s+([\d.]+)(us|ms|s)", out)
    p99 = re.search(r"\s99%\s+([\d.]+)(us|ms|s)", out)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*timeout (\d+)", out)
    return {
        "rps": rps,
        "p50_ms": _ms(*p50.groups()) if p50 else float("nan"),
        "p99_ms": _ms(*p99.groups()) if p99 else float("nan"),
        "errors": float(int(bad.group(1)) if bad else 0)
        + float(int(errors.group(1)) if errors else 0),
    }


def http_json(
    method: str, url: str, body: object, headers: dict[str, str] | None = None
) -> object:
    request = urllib.request.Request(  # noqa: S310 - loopback
        url,
        data=json.dumps(body).encode(),
        method=method,
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    with urllib.request.urlopen(request) as response:  # noqa: S310
        return json.loads(response.read())


def gazette_env(data_dir: Path, database_url: str = "") -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    env.update(
        GAZETTE_ENV="development",
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DEBUG="false",
        GAZETTE_DATA_DIR=str(data_dir),
        GAZETTE_RATELIMIT_ENABLED="false",
        LOG_LEVEL="WARNING",
        # The bench signs its posts' form stamps, as the comment form carries.
        SECRET_KEY=BENCH_KEY,
    )
    return env


def postgres_url() -> str:
    """A fresh database for Gazette on the PostgreSQL server of DATABASE_URL."""
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    if not base.startswith("postgres"):
        return ""
    url = urlsplit(base)
    admin = urlunsplit(url._replace(path="/postgres"))
    for statement in (
        "DROP DATABASE IF EXISTS gazette_bench",
        "CREATE DATABASE gazette_bench",
    ):
        done = subprocess.run(
            ["psql", admin, "-q", "-c", statement], capture_output=True, check=False
        )
        if done.returncode:
            say(f"PostgreSQL is not reachable at {admin}; measuring on SQLite only.")
            return ""
    return urlunsplit(url._replace(path="/gazette_bench"))


def bench_gazette(
    results: dict[str, dict[str, float]],
    facts: dict[str, float],
    *,
    database_url: str = "",
    label: str = "gazette",
) -> bytes:
    data_dir = WORK / label
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    env = gazette_env(data_dir, database_url)
    python = sys.executable
    say("Gazette: migrating, loading the demo and the benchmark threads ...")
    for args in (["manage.py", "migrate", "--no-input"], ["manage.py", "load_demo"]):
        subprocess.run(
            [python, *args], env=env, cwd=ROOT, check=True, capture_output=True
        )
    seeded = subprocess.run(
        [python, "bench/seed_gazette.py"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    where = json.loads(seeded.stdout.decode().strip().splitlines()[-1])
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [
        python,
        "-m",
        "uvicorn",
        "config.asgi:application",
        "--port",
        str(port),
        "--workers",
        "2",
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    with process(command, env=env, log=WORK / "gazette.log", cwd=ROOT):
        wait_http(base + "/api/v1/openapi.json")
        big = f"{base}/api/v1/threads/{where['big']}/comments?limit=1000"
        started = time.perf_counter()
        with urllib.request.urlopen(big) as response:  # noqa: S310 - first, uncached read
            body: bytes = response.read()
        facts["first_uncached_read_ms"] = (time.perf_counter() - started) * 1000
        misses = []
        for limit in range(999, 994, -1):  # each limit is its own cache entry
            started = time.perf_counter()
            with urllib.request.urlopen(big.replace("limit=1000", f"limit={limit}")):  # noqa: S310
                misses.append((time.perf_counter() - started) * 1000)
        facts["uncached_read_median_ms"] = sorted(misses)[2]
        facts["big_thread_bytes"] = len(body)
        facts["big_thread_comments"] = sum(1 for _ in re.finditer(rb'"html":', body))
        article = where["article"]
        say("Gazette: measuring ...")
        results[f"{label} big thread"] = wrk(big)
        results[f"{label} small thread"] = wrk(
            f"{base}/api/v1/threads/{SMALL}/comments"
        )
        results[f"{label} counts"] = wrk(
            f"{base}/api/v1/counts?keys={where['big']},{SMALL}"
        )
        results[f"{label} article page"] = wrk(base + article)
        body_format = (
            '\'{"text":"Bench comment %d with **markdown** and a [link](https://news.example/).",'
            f'"author_name":"Reader %d","rendered":"{stamp(key=BENCH_KEY)}"}}\''
        )
        results[f"{label} post"] = wrk(
            f"{base}/api/v1/threads/bench-posts/comments",
            connections=4,
            script=POST_LUA % (body_format, ""),
        )
    return body


def seed_isso(base: str, origin: str) -> None:
    for key, comments in threads().items():
        uri = quote(f"/{key}", safe="")
        ids: list[int] = []
        for c in comments:
            body: dict[str, object] = {"text": c.text, "author": c.author, "title": key}
            if c.parent is not None:
                body["parent"] = ids[c.parent]
            created = http_json(
                "POST", f"{base}/new?uri={uri}", body, {"Origin": origin}
            )
            ids.append(int(created["id"]))  # type: ignore[index]


def bench_isso(results: dict[str, dict[str, float]]) -> None:
    venv = ensure_isso()
    folder = WORK / "isso"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    (folder / "isso.cfg").write_text(
        f"[general]\ndbpath = {folder / 'comments.db'}\nhost = {base}/\n"
        "[moderation]\nenabled = false\n[guard]\nenabled = false\n"
        f"[server]\nlisten = {base}/\n"
    )
    env = {**os.environ, "ISSO_SETTINGS": str(folder / "isso.cfg")}
    command = [
        str(venv / "bin" / "gunicorn"),
        "-w",
        "2",
        "--preload",
        "-b",
        f"127.0.0.1:{port}",
        "isso.run",
    ]
    with process(command, env=env, log=WORK / "isso.log", cwd=folder):
        wait_http(f"{base}/info")
        say("Isso: loading the benchmark threads ...")
        seed_isso(base, base)
        say("Isso: measuring ...")
        results["isso big thread"] = wrk(f"{base}/?uri=%2F{BIG}")
        results["isso small thread"] = wrk(f"{base}/?uri=%2F{SMALL}")
        count_body = json.dumps(json.dumps([f"/{BIG}", f"/{SMALL}"]))
        results["isso counts"] = wrk(
            f"{base}/count",
            script=(
                'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                f"wrk.body = {count_body}\n"
            ),
        )
        body_format = '\'{"text":"Bench comment %d with **markdown** and a [link](https://news.example/).","author":"Reader %d","title":"Posts"}\''
        results["isso post"] = wrk(
            f"{base}/new?uri=%2Fbench-posts",
            connections=4,
            script=POST_LUA % (body_format, f'["Origin"] = "{base}"'),
        )


def bench_nginx(results: dict[str, dict[str, float]], size: int) -> None:
    folder = WORK / "nginx"
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "www").mkdir(parents=True)
    (folder / "www" / "thread.json").write_bytes(b"x" * size)
    port = free_port()
    (folder / "nginx.conf").write_text(
        "worker_processes 2;\npid nginx.pid;\nerror_log error.log;\n"
        "events { worker_connections 1024; }\n"
        "http { access_log off; default_type application/json; sendfile on;\n"
        f"  server {{ listen 127.0.0.1:{port}; root {folder / 'www'}; }} }}\n"
    )
    command = [
        "nginx",
        "-p",
        str(folder),
        "-c",
        str(folder / "nginx.conf"),
        "-g",
        "daemon off;",
    ]
    with process(command, env=dict(os.environ), log=WORK / "nginx.log", cwd=folder):
        wait_http(f"http://127.0.0.1:{port}/thread.json")
        say("nginx: measuring ...")
        results["nginx static file"] = wrk(f"http://127.0.0.1:{port}/thread.json")


def report(results: dict[str, dict[str, float]], facts: dict[str, float]) -> None:
    say("")
    say(f"{'measurement':28} {'req/s':>10} {'p50 ms':>9} {'p99 ms':>9} {'errors':>7}")
    for name, r in results.items():
        say(
            f"{name:28} {r['rps']:10.1f} {r['p50_ms']:9.2f} {r['p99_ms']:9.2f} {r['errors']:7.0f}"
        )
    say("")
    say(
        f"1,000-comment response: {facts['big_thread_bytes'] / 1024:.0f} KB, "
        f"{facts['big_thread_comments']:.0f} comments"
    )
    say(
        f"uncached read of it: {facts['uncached_read_median_ms']:.1f} ms "
        f"(median of 5; target < 100 ms); the first read after start "
        f"{facts['first_uncached_read_ms']:.1f} ms"
    )

    def ratio(a: str, b: str) -> float:
        below = results[b]["rps"]
        return results[a]["rps"] / below if below else float("inf")

    targets = [
        (
            "big thread, Gazette/nginx",
            ratio("gazette big thread", "nginx static file"),
            0.25,
        ),
        (
            "big thread, Gazette/Isso",
            ratio("gazette big thread", "isso big thread"),
            None,
        ),
        (
            "small thread, Gazette/Isso",
            ratio("gazette small thread", "isso small thread"),
            10.0,
        ),
        ("counts, Gazette/Isso", ratio("gazette counts", "isso counts"), 1.5),
        ("posting, Gazette/Isso", ratio("gazette post", "isso post"), 1.5),
    ]
    if "gazette-pg post" in results:
        targets += [
            (
                f"{what}, Gazette on PostgreSQL/Isso",
                ratio(f"gazette-pg {key}", f"isso {key}"),
                target,
            )
            for what, key, target in (
                ("big thread", "big thread", None),
                ("small thread", "small thread", 10.0),
                ("counts", "counts", 1.5),
                ("posting", "post", 1.5),
            )
        ]
    say("")
    for name, value, target in targets:
        verdict = (
            ""
            if target is None
            else (" meets" if value >= target else " MISSES") + f" target ≥ {target}"
        )
        say(f"{name:28} {value:8.2f}x{verdict}")
    out = ROOT / "artifacts" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "discussion.json").write_text(
        json.dumps(
            {"results": results, "facts": facts, "duration_s": DURATION}, indent=2
        )
    )


def main() -> None:
    ensure_tools()
    WORK.mkdir(exist_ok=True)
    results: dict[str, dict[str, float]] = {}
    facts: dict[str, float] = {}
    body = bench_gazette(results, facts)
    database_url = postgres_url()
    if database_url:
        bench_gazette(results, {}, database_url=database_url, label="gazette-pg")
    bench_isso(results)
    bench_nginx(results, len(body))
    report(results, facts)


if __name__ == "__main__":
    main()
