"""The production profile on one machine, over loopback, for tests and drills.

``Stack`` runs what ``deploy/`` describes: a fresh PostgreSQL database, a Redis
database of its own, two uvicorn app servers, an RQ worker and nginx with the
configuration ``manage.py nginx_config`` renders (without TLS), all with
``GAZETTE_ENV=production``. Every process is a real one and can be killed and
started again, which is what the fault drills do.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import redis
from rq import Queue
from rq.registry import StartedJobRegistry

from tests.stamps import stamp

STACK_KEY = "stack-secret-key-of-at-least-fifty-characters-123456789"

ROOT = Path(__file__).resolve().parents[2]
REDIS_DB = 14  # a database of its own; flushed when the stack starts


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(ready: Any, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if ready():
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{what} did not come up within {timeout:.0f} s")


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def header(self, name: str) -> str | None:
        """A header, whatever case the server wrote its name in."""
        found = {k.lower(): v for k, v in self.headers.items()}
        return found.get(name.lower())


@dataclass
class Stack:
    folder: Path
    database_url: str
    redis_url: str
    app_ports: list[int] = field(default_factory=lambda: [free_port(), free_port()])
    nginx_port: int = field(default_factory=free_port)
    purge_port: int = field(default_factory=free_port)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    # Settings a benchmark or drill changes for the whole stack.
    overrides: dict[str, str] = field(default_factory=dict)

    # ---- set-up ---------------------------------------------------------
    @classmethod
    def from_environment(cls, folder: Path) -> Stack:
        """A stack on the PostgreSQL server and Redis the suite was given."""
        base = urlsplit(os.environ["DATABASE_URL"])
        database = base._replace(path=f"/gazette_stack_{os.getpid()}")
        cache = urlsplit(os.environ["REDIS_URL"])._replace(path=f"/{REDIS_DB}")
        return cls(folder, urlunsplit(database), urlunsplit(cache))

    @property
    def env(self) -> dict[str, str]:
        kept = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("GAZETTE_", "DJANGO_", "DATABASE_", "REDIS_"))
        }
        return {
            **kept,
            "GAZETTE_ENV": "production",
            "SECRET_KEY": STACK_KEY,
            "ALLOWED_HOSTS": "localhost,127.0.0.1",
            "GAZETTE_BASE_URL": f"http://localhost:{self.nginx_port}",
            "CSRF_TRUSTED_ORIGINS": f"http://localhost:{self.nginx_port}",
            "SECURE_SSL_REDIRECT": "false",
            "GAZETTE_DATA_DIR": str(self.folder / "data"),
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "GAZETTE_CACHE_PURGE_URLS": f"http://127.0.0.1:{self.purge_port}",
            # Long enough that only a refresh can show a new comment in time.
            "GAZETTE_MICROCACHE_SECONDS": "300",
            "GAZETTE_RATELIMIT_COMMENTS": "100000/60",
            "GAZETTE_RATELIMIT_VOTES": "100000/60",
            "GAZETTE_RATELIMIT_REPORTS": "4/3600",
            "GAZETTE_LIVE_HEARTBEAT": "1",
            "LOG_LEVEL": "WARNING",
            **self.overrides,
        }

    def manage(self, *args: str, environment: str = "production") -> str:
        done = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            env={**self.env, "GAZETTE_ENV": environment},
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if done.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr}")
        return done.stdout

    def start(self) -> Stack:
        self._database("DROP DATABASE IF EXISTS {name}")
        self._database("CREATE DATABASE {name}")
        redis.Redis.from_url(self.redis_url).flushdb()
        self.manage("migrate", "--no-input")
        # The demo refuses production (it publishes the admin's password);
        # the same database and Redis under the development settings.
        self.manage("load_demo", environment="development")
        self.manage("collectstatic", "--no-input")
        for port in self.app_ports:
            self.start_app(port)
        self.start_worker()
        self.start_nginx()
        self.wait_for_worker()
        return self

    def wait_for_worker(self, timeout: float = 180) -> None:
        """Until the worker has done every queued task.

        Loading the demo queues a few hundred (search index, refreshes,
        second opinions), a drill's burst as many again; a test that times a
        refresh must not wait behind them.
        """
        queue = Queue("default", connection=redis.Redis.from_url(self.redis_url))
        wait_until(
            lambda: queue.count == 0 and StartedJobRegistry(queue=queue).count == 0,
            timeout=timeout,
            what="the worker, done with its queue,",
        )

    def stop(self) -> None:
        for name in list(self.processes):
            self.kill(name, signal.SIGTERM)
        with contextlib.suppress(psycopg.Error):
            self._database("DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def _database(self, statement: str) -> None:
        url = urlsplit(self.database_url)
        admin = urlunsplit(url._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(statement.format(name=url.path.lstrip("/")))

    # ---- processes ------------------------------------------------------
    def _spawn(self, name: str, command: list[str], **env: str) -> None:
        with (self.folder / f"{name}.log").open("ab") as log:
            self.processes[name] = subprocess.Popen(
                command, env={**self.env, **env}, cwd=ROOT, stdout=log, stderr=log
            )

    def start_app(self, port: int, **env: str) -> None:
        """An app server on ``port``; ``env`` changes its settings."""
        self._spawn(
            f"app-{port}",
            [
                sys.executable,
                "-m",
                "uvicorn",
                "config.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-access-log",
                "--timeout-graceful-shutdown",
                "1",
            ],
            **env,
        )
        wait_until(
            lambda: (
                self.get(f"http://127.0.0.1:{port}/api/v1/counts?keys=x").status == 200
            ),
            timeout=60,
            what=f"the app server on port {port}",
        )

    def start_worker(self) -> None:
        self._spawn(
            "worker",
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "rqworker",
                "--job-class",
                "django_tasks_rq.Job",
                "default",
            ],
        )
        self._spawn(
            "fallback-worker",
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "db_worker",
                "--backend",
                "fallback",
            ],
        )

    def start_nginx(self) -> None:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        apps = [
            arg for port in self.app_ports for arg in ("--app", f"127.0.0.1:{port}")
        ]
        site = self.manage(
            "nginx_config",
            "--no-tls",
            *apps,
            "--http-port",
            str(self.nginx_port),
            "--purge-listen",
            f"127.0.0.1:{self.purge_port}",
            "--cache-dir",
            str(self.folder / "nginx-cache"),
        )
        prefix = self.folder / "nginx"
        prefix.mkdir(exist_ok=True)
        (prefix / "site.conf").write_text(site)
        user = "user root;\n" if os.geteuid() == 0 else ""
        (prefix / "nginx.conf").write_text(
            f"{user}daemon off; worker_processes 2; pid {prefix}/nginx.pid;\n"
            f"error_log {prefix}/error.log warn;\n"
            "events { worker_connections 1024; }\n"
            "http {\n"
            "  include /etc/nginx/mime.types;\n"
            "  access_log off;\n"
            f"  client_body_temp_path {prefix}/body; proxy_temp_path {prefix}/proxy;\n"
            f"  fastcgi_temp_path {prefix}/fastcgi; uwsgi_temp_path {prefix}/uwsgi;\n"
            f"  scgi_temp_path {prefix}/scgi;\n"
            f"  include {prefix}/site.conf;\n"
            "}\n"
        )
        self._spawn(
            "nginx", [nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf")]
        )
        wait_until(
            lambda: self.get(self.url("/api/v1/counts?keys=x")).status == 200,
            timeout=30,
            what="nginx",
        )

    def kill(self, name: str, how: int = signal.SIGKILL) -> None:
        process = self.processes.pop(name)
        if process.poll() is None:
            process.send_signal(how)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    # ---- HTTP -----------------------------------------------------------
    def url(self, path: str) -> str:
        return f"http://localhost:{self.nginx_port}{path}"

    def app_url(self, index: int, path: str) -> str:
        return f"http://127.0.0.1:{self.app_ports[index]}{path}"

    @staticmethod
    def request(
        method: str,
        url: str,
        body: Any = None,
        headers: dict[str, str] | None = None,
        timeout: float = 30,
    ) -> Response:
        data = None if body is None else json.dumps(body).encode()
        all_headers = {"Accept": "application/json", **(headers or {})}
        if data is not None:
            all_headers["Content-Type"] = "application/json"
        request = urllib.request.Request(  # noqa: S310 (loopback)
            url, data=data, method=method, headers=all_headers
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
                return Response(answer.status, dict(answer.headers), answer.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, dict(error.headers), error.read())

    def get(self, url: str, headers: dict[str, str] | None = None) -> Response:
        return self.request("GET", url, headers=headers)

    def post_comment(
        self, url_base: str, key: str, text: str, **headers: str
    ) -> Response:
        return self.request(
            "POST",
            f"{url_base}/api/v1/threads/{key}/comments",
            {"text": text, "author_name": "Drill", "rendered": stamp(key=STACK_KEY)},
            headers=headers,
        )

    # ---- what is stored -------------------------------------------------
    def stored_comments(self) -> dict[int, str]:
        with psycopg.connect(self.database_url) as connection:
            rows = connection.execute("SELECT id, text FROM discussion_comment")
            return {int(pk): str(text) for pk, text in rows}

    def article_path(self) -> tuple[str, str]:
        """The lead demo article's path and its thread key."""
        with psycopg.connect(self.database_url) as connection:
            row = connection.execute(
                "SELECT p.id, p.url_path FROM wagtailcore_page p "
                "JOIN publishing_articlepage a ON a.page_ptr_id = p.id "
                "ORDER BY a.page_ptr_id LIMIT 1"
            ).fetchone()
        assert row is not None
        pk, url_path = row
        # url_path includes the site root's slug: "/home/city/story/".
        path = "/" + str(url_path).strip("/").split("/", 1)[1] + "/"
        return path, f"page-{pk}"
