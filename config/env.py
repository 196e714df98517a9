"""The only module that reads ``os.environ``.

Every setting Gazette takes from the environment is read here, parsed into a
Python value, and documented in ``docs/settings.md``. Bad values fail fast with
a message that names the variable.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

ENVIRONMENTS = ("development", "test", "production")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def get_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def get_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def get_int(name: str, *, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a whole number, not {raw!r}."
        ) from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    return value


def get_fraction(name: str, *, default: float) -> float:
    """A number from 0 to 1 (a score threshold)."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {raw!r}.") from None
    if not 0 <= value <= 1:
        raise ImproperlyConfigured(f"{name} must be between 0 and 1, not {value}.")
    return value


def get_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if raw not in choices:
        raise ImproperlyConfigured(
            f"{name} must be one of {', '.join(choices)}, not {raw!r}."
        )
    return raw


def get_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


_PROVIDER_KEYS = {"id", "name", "issuer", "client_id", "secret"}


def oidc_providers(name: str) -> list[dict[str, object]]:
    """OpenID Connect providers as a JSON list of ``{id, name, issuer,
    client_id, secret, trust_email?}``, as allauth's ``APPS`` take them."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return []
    try:
        entries = json.loads(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a JSON list.") from None
    if not isinstance(entries, list):
        raise ImproperlyConfigured(f"{name} must be a JSON list.")
    apps: list[dict[str, object]] = []
    for entry in entries:
        missing = _PROVIDER_KEYS - set(entry) if isinstance(entry, dict) else {"all"}
        if missing:
            raise ImproperlyConfigured(
                f"Each provider in {name} needs {', '.join(sorted(_PROVIDER_KEYS))};"
                f" one lacks {', '.join(sorted(missing))}."
            )
        apps.append(
            {
                "provider_id": str(entry["id"]),
                "name": str(entry["name"]),
                "client_id": str(entry["client_id"]),
                "secret": str(entry["secret"]),
                "settings": {
                    "server_url": str(entry["issuer"]),
                    "trust_email": bool(entry.get("trust_email", False)),
                },
            }
        )
    return apps


def environment() -> str:
    """``GAZETTE_ENV``: development (default), test or production."""
    value = get_str("GAZETTE_ENV", "development").strip().lower()
    if value not in ENVIRONMENTS:
        raise ImproperlyConfigured(
            f"GAZETTE_ENV must be one of {', '.join(ENVIRONMENTS)}, not {value!r}."
        )
    return value


def settings_module() -> str:
    """The settings module for the current ``GAZETTE_ENV``."""
    return {
        "development": "config.settings.dev",
        "test": "config.settings.test",
        "production": "config.settings.production",
    }[environment()]


def data_dir() -> Path:
    """``GAZETTE_DATA_DIR``: where the SQLite file and uploaded media live."""
    raw = get_str("GAZETTE_DATA_DIR")
    return Path(raw).resolve() if raw else BASE_DIR / "data"


def secret_key(*, required: bool, folder: Path | None = None) -> str:
    """``SECRET_KEY``; outside production, a random key kept in the data folder.

    No profile signs with a key written in the repository: the first start of
    a development or test server makes one (``data/secret_key``, readable by
    its owner only) and every later start reuses it, so sessions and mailed
    links survive restarts.
    """
    value = get_str("SECRET_KEY")
    if value:
        return value
    if required:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when GAZETTE_ENV=production; make one with "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
        )
    return _kept_secret((folder or data_dir()) / "secret_key")


def _kept_secret(path: Path) -> str:
    try:
        kept = path.read_text().strip()
    except FileNotFoundError:
        kept = ""
    if len(kept) >= 50:
        return kept
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = secrets.token_urlsafe(50)
    # O_EXCL: of two processes starting at once, one writes and both read it.
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip() or fresh
    with os.fdopen(descriptor, "w") as file:
        file.write(fresh + "\n")
    return fresh


def secret_key_fallbacks() -> list[str]:
    """``SECRET_KEY_FALLBACKS``: earlier keys, still accepted while links age out."""
    return get_list("SECRET_KEY_FALLBACKS", [])


def database(*, sqlite_path: Path) -> dict[str, object]:
    """``DATABASE_URL`` parsed for Django; SQLite under the data folder by default."""
    url = get_str("DATABASE_URL")
    if not url:
        sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{sqlite_path}"
    try:
        config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=0))
    except ValueError as error:
        raise ImproperlyConfigured(
            f"DATABASE_URL is not a valid URL: {error}"
        ) from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            # WAL lets readers and the task worker run beside a writer;
            # IMMEDIATE takes the write lock at BEGIN, so concurrent writers
            # wait on busy_timeout instead of failing with "database is locked".
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        # The app server's threads are a fixed pool, so connections can live
        # between requests; opening SQLite with Wagtail's schema costs ~1 ms.
        config["CONN_MAX_AGE"] = get_int("DATABASE_CONN_MAX_AGE", default=600)
    else:
        config["CONN_MAX_AGE"] = get_int("DATABASE_CONN_MAX_AGE", default=60)
        config["CONN_HEALTH_CHECKS"] = True
        if get_bool("DATABASE_PREPARED_STATEMENTS", default=True):
            # The server binds the parameters, and a statement a connection
            # has run five times is prepared (psycopg's default threshold):
            # PostgreSQL parses and plans a post's statements once per
            # connection instead of once per post (half its CPU per post).
            options = dict(config.get("OPTIONS") or {})  # type: ignore[call-overload]
            options.update(server_side_binding=True, prepare_threshold=5)
            config["OPTIONS"] = options
    return config


def redis_url() -> str:
    """``REDIS_URL``: optional; when set, Redis backs the cache."""
    return get_str("REDIS_URL")
