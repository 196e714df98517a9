"""The production profile: its settings, its checks and its nginx configuration."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = settings.BASE_DIR
PRODUCTION = {
    "GAZETTE_ENV": "production",
    "SECRET_KEY": "a-production-secret-key-of-fifty-characters-or-more-1234",
    "ALLOWED_HOSTS": "news.example",
    "GAZETTE_BASE_URL": "https://news.example",
    "DATABASE_URL": "postgres://gazette@127.0.0.1:5432/gazette",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("GAZETTE_", "DJANGO_"))
    }
    clean.pop("DATABASE_URL", None)
    clean.pop("REDIS_URL", None)
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean(tmp_path: Path) -> None:
    done = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **PRODUCTION,
        GAZETTE_DATA_DIR=str(tmp_path),
    )

    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout


@pytest.mark.parametrize(
    ("missing", "message"),
    [("DATABASE_URL", "needs PostgreSQL"), ("REDIS_URL", "needs Redis")],
)
def test_production_refuses_to_start_without_postgresql_and_redis(
    tmp_path: Path, missing: str, message: str
) -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != missing}

    done = _manage("check", **env, GAZETTE_DATA_DIR=str(tmp_path))

    assert done.returncode != 0
    assert message in done.stderr


def test_media_go_to_s3_compatible_storage_when_a_bucket_is_named(
    tmp_path: Path,
) -> None:
    done = _manage(
        "shell",
        "-c",
        'from django.core.files.storage import storages; s = storages["default"];'
        "print(type(s).__name__, s.bucket_name, s.endpoint_url, s.location)",
        **PRODUCTION,
        GAZETTE_DATA_DIR=str(tmp_path),
        GAZETTE_S3_BUCKET="ledger-media",
        GAZETTE_S3_ENDPOINT_URL="https://s3.storage.example",
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1].split() == [
        "S3Storage",
        "ledger-media",
        "https://s3.storage.example",
        "media",
    ]


@pytest.mark.parametrize("tls", [True, False])
def test_the_nginx_configuration_is_valid(tmp_path: Path, tls: bool) -> None:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(nginx).exists(), (
        "the production tests need nginx (apt-get install nginx-light)"
    )
    options = ["--no-tls"] if tls is False else _self_signed(tmp_path)
    done = _manage(
        "nginx_config",
        "--app",
        "127.0.0.1:8001",
        "--app",
        "127.0.0.1:8002",
        "--cache-dir",
        str(tmp_path / "cache"),
        *options,
        **PRODUCTION,
        GAZETTE_DATA_DIR=str(tmp_path),
    )
    assert done.returncode == 0, done.stderr
    (tmp_path / "site.conf").write_text(done.stdout)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid; error_log stderr;\n"
        "events {}\n"
        f"http {{ include /etc/nginx/mime.types; include {tmp_path}/site.conf; }}\n"
    )

    tested = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        check=False,
    )

    assert tested.returncode == 0, tested.stderr
    assert "proxy_buffering off" in done.stdout
    assert ("ssl_certificate" in done.stdout) is tls


def _self_signed(folder: Path) -> list[str]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=news.example",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        capture_output=True,
        check=True,
    )
    return ["--tls-cert", str(cert), "--tls-key", str(key)]


def test_nginx_config_without_tls_files_says_what_to_give(tmp_path: Path) -> None:
    done = _manage("nginx_config", **PRODUCTION, GAZETTE_DATA_DIR=str(tmp_path))

    assert done.returncode != 0
    assert "Give --tls-cert and --tls-key" in done.stderr
