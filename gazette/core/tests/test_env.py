"""Settings read from the environment fail fast and say which variable is wrong."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import env


def test_production_requires_a_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)

    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY must be set"):
        env.secret_key(required=True)


def test_development_has_a_fallback_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)

    assert env.secret_key(required=False)


def test_unknown_environment_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GAZETTE_ENV", "staging")

    with pytest.raises(ImproperlyConfigured, match="GAZETTE_ENV must be one of"):
        env.environment()


@pytest.mark.parametrize(
    ("raw", "message"), [("many", "whole number"), ("0", "at least 1")]
)
def test_bad_numbers_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, raw: str, message: str
) -> None:
    monkeypatch.setenv("GAZETTE_FEED_ITEMS", raw)

    with pytest.raises(
        ImproperlyConfigured, match=f"GAZETTE_FEED_ITEMS must be .*{message}"
    ):
        env.get_int("GAZETTE_FEED_ITEMS", default=20, minimum=1)


def test_bad_booleans_name_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEBUG", "maybe")

    with pytest.raises(ImproperlyConfigured, match="DEBUG must be true or false"):
        env.get_bool("DEBUG", default=False)


def test_sqlite_is_the_default_database_in_wal_mode(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    path = env.BASE_DIR / "data" / "x.sqlite3"

    config = env.database(sqlite_path=path)

    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(path)
    assert "journal_mode=WAL" in str(config["OPTIONS"])


def test_postgres_url_is_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://news:pw@db.internal:5433/gazette")

    config = env.database(sqlite_path=env.BASE_DIR / "unused.sqlite3")

    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == (
        "db.internal",
        5433,
        "gazette",
    )


def test_list_settings_split_on_commas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLOWED_HOSTS", "news.example, www.news.example ,")

    assert env.get_list("ALLOWED_HOSTS", []) == ["news.example", "www.news.example"]


def test_the_suite_runs_on_the_database_and_cache_the_environment_names() -> None:
    """CI runs the suite twice; this proves the second run is not on SQLite."""
    from django.conf import settings
    from django.db import connection

    url = env.get_str("DATABASE_URL")
    expected_vendor = "postgresql" if url.startswith("postgres") else "sqlite"
    assert connection.vendor == expected_vendor
    backend = settings.CACHES["default"]["BACKEND"]
    if env.redis_url():
        assert backend == "gazette.core.resilience.RedisCache"
    else:
        assert backend == "django.core.cache.backends.locmem.LocMemCache"
