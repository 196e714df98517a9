"""Start the real Gazette server for the browser tests.

The server runs as it does for ``make run`` (uvicorn, the task worker and the
scheduler, via ``manage.py serve``) on a database of its own: a fresh SQLite
file, or a fresh PostgreSQL database when ``DATABASE_URL`` names PostgreSQL.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import dj_database_url
import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parents[2]
MANAGE = [sys.executable, str(ROOT / "manage.py")]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def postgres_database(url: str, name: str) -> Iterator[str]:
    """A new, empty PostgreSQL database on the server ``url`` names."""
    config = dj_database_url.parse(url)
    admin = psycopg.connect(
        host=config["HOST"],
        port=config["PORT"] or 5432,
        user=config["USER"],
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    statement = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
        sql.Identifier(name)
    )
    with admin:
        admin.execute(statement)
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield url.rsplit("/", 1)[0] + "/" + name
        finally:
            admin.execute(statement)


def _tail(log: Path) -> str:
    return log.read_text()[-4000:] if log.exists() else "(no log)"


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited early:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise RuntimeError(
        f"the server did not answer within 90 s:\n{log.read_text()[-4000:]}"
    )


# The demo server's signing key, so that tests can sign its forms' stamps.
SERVER_KEY = secrets.token_urlsafe(50)


@contextlib.contextmanager
def running_server(data_dir: Path, **extra_env: str) -> Iterator[str]:
    """Migrate, load the demo newsroom, serve it; yield the base URL."""
    env = {
        **os.environ,
        "GAZETTE_ENV": "development",
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DEBUG": "false",
        "GAZETTE_DATA_DIR": str(data_dir),
        "PYTHONUNBUFFERED": "1",
        "SECRET_KEY": SERVER_KEY,
        **extra_env,
    }
    with contextlib.ExitStack() as stack:
        database_url = os.environ.get("DATABASE_URL", "")
        if database_url.startswith(("postgres://", "postgresql://")):
            env["DATABASE_URL"] = stack.enter_context(
                postgres_database(database_url, f"gazette_browser_{os.getpid()}")
            )
        else:
            env.pop("DATABASE_URL", None)
        for command in (["migrate", "--no-input"], ["load_demo"]):
            subprocess.run(
                [*MANAGE, *command], env=env, cwd=ROOT, check=True, capture_output=True
            )
        port = free_port()
        log = data_dir / "server.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [*MANAGE, "serve", "--port", str(port)],
                env=env,
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(url + "/", process, log)
            yield url
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@contextlib.contextmanager
def static_site(folder: Path, port: int) -> Iterator[str]:
    """Serve ``folder`` over HTTP on ``port``: a site of another origin."""
    process = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url + "/", process, folder / "missing.log")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
