"""Two app-server processes and Redis: a comment posted through one reaches
readers connected to the other."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import queue
import secrets
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from tests.browser.server import ROOT, free_port, postgres_database
from tests.stamps import stamp

UVICORN = [sys.executable, "-m", "uvicorn", "config.asgi:application"]
UVICORN += [
    "--host",
    "127.0.0.1",
    "--no-access-log",
    "--timeout-graceful-shutdown",
    "2",
]


# The servers' signing key, so that this process can sign their forms' stamps.
SERVER_KEY = secrets.token_urlsafe(50)


@contextlib.contextmanager
def app_servers(data_dir: Path, redis_url: str, count: int) -> Iterator[list[int]]:
    """``count`` uvicorn processes of Gazette on one database and one Redis."""
    env = {
        **os.environ,
        "GAZETTE_ENV": "development",
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DEBUG": "false",
        "GAZETTE_DATA_DIR": str(data_dir),
        "REDIS_URL": redis_url,
        "GAZETTE_RATELIMIT_COMMENTS": "500/60",
        "SECRET_KEY": SERVER_KEY,
    }
    with contextlib.ExitStack() as stack:
        database_url = os.environ.get("DATABASE_URL", "")
        if database_url.startswith(("postgres://", "postgresql://")):
            env["DATABASE_URL"] = stack.enter_context(
                postgres_database(database_url, f"gazette_live_{os.getpid()}")
            )
        else:
            env.pop("DATABASE_URL", None)
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "migrate", "--no-input"],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        ports = [free_port() for _ in range(count)]
        processes = [
            subprocess.Popen(
                [*UVICORN, "--port", str(port)],
                env=env,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for port in ports
        ]
        try:
            for port in ports:
                _wait_until_up(port)
            yield ports
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def _wait_until_up(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/api/v1/counts?keys=x")
            if connection.getresponse().status == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"app server on port {port} did not start")


def _listen(port: int, path: str, lines: queue.Queue[str], **headers: str) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    lines.put(f"status {response.status}")
    with contextlib.suppress(OSError, ValueError):
        while True:
            line = response.readline()
            if not line:
                return
            lines.put(line.decode().rstrip("\n"))


def _next_event(lines: queue.Queue[str], kind: str) -> dict[str, object]:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
        if line == f"event: {kind}":
            data = lines.get(timeout=5)
            return dict(json.loads(data.removeprefix("data: ")))
    raise AssertionError(f"no {kind} event")


def _post(port: int, key: str, text: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    body = json.dumps(
        {
            "text": text,
            "author_name": "Cross Process",
            "rendered": stamp(key=SERVER_KEY),
        }
    )
    connection.request(
        "POST",
        f"/api/v1/threads/{key}/comments",
        body,
        {"Content-Type": "application/json"},
    )
    response = connection.getresponse()
    assert response.status == 201, response.read()
    return int(json.loads(response.read())["comment"]["id"])


def test_a_comment_posted_on_one_server_reaches_readers_on_the_other(
    tmp_path: Path, redis_url: str
) -> None:
    with app_servers(tmp_path, redis_url, 2) as (first, second):
        lines: queue.Queue[str] = queue.Queue()
        reader = threading.Thread(
            target=_listen,
            args=(second, "/api/v1/threads/cross/events", lines),
            daemon=True,
        )
        reader.start()
        assert lines.get(timeout=10) == "status 200"
        assert lines.get(timeout=10) == "retry: 3000"
        time.sleep(0.5)  # the second server's Redis subscription is in place

        posted = _post(first, "cross", "Posted through the first server.")
        event = _next_event(lines, "comment.new")

        assert event["data"] == {"id": posted, "parent_id": None}

        # A reader who reconnects to the first server gets what they missed.
        missed: queue.Queue[str] = queue.Queue()
        threading.Thread(
            target=_listen,
            args=(first, "/api/v1/threads/cross/events", missed),
            kwargs={"Last-Event-ID": str(int(str(event["id"])) - 1)},
            daemon=True,
        ).start()
        assert _next_event(missed, "comment.new")["data"] == {
            "id": posted,
            "parent_id": None,
        }


def test_tasks_go_through_rq_when_redis_is_set(tmp_path: Path, redis_url: str) -> None:
    """Many machines: tasks wait in Redis until an RQ worker runs them."""
    env = {
        **os.environ,
        "GAZETTE_ENV": "development",
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "GAZETTE_DATA_DIR": str(tmp_path),
        "REDIS_URL": redis_url,
    }
    env.pop("DATABASE_URL", None)
    manage = [sys.executable, str(ROOT / "manage.py")]

    def run(*command: str) -> str:
        done = subprocess.run(
            [*manage, *command], env=env, cwd=ROOT, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr[-2000:]
        lines = done.stdout.strip().splitlines()
        return lines[-1] if lines else ""

    run("migrate", "--no-input")
    enqueued = run(
        "shell",
        "-c",
        'from django_tasks import task_backends; b = task_backends["default"]; '
        "from gazette.notifications.tasks import flush_digests as t; "
        "r = t.enqueue(); print(type(b).__name__, r.id, r.status.name)",
    )
    backend, task_id, status = enqueued.split()
    assert (backend, status) == ("RQBackend", "READY")

    run("rqworker", "--burst", "--job-class", "django_tasks_rq.Job", "default")

    finished = run(
        "shell",
        "-c",
        "from gazette.notifications.tasks import flush_digests as t; "
        f"print(t.get_result('{task_id}').status.name)",
    )
    assert finished == "SUCCESSFUL"
