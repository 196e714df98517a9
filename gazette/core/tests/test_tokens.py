"""Every token has a purpose and an expiry; none can be forged or reused."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core import signing
from hypothesis import given, settings
from hypothesis import strategies as st

from config import env
from gazette.core import tokens
from gazette.discussion import identity
from gazette.notifications import tokens as mail_tokens
from gazette.readers import identity as reader_identity
from gazette.readers import services as reader_data

# Every purpose is declared when its module is imported.
ALL = [identity, reader_identity, mail_tokens, reader_data]
PRIVACY = Path(__file__).resolve().parents[3] / "docs" / "privacy.md"
OLD_REPOSITORY_KEY = "gazette-development-key-not-for-production"


def test_every_purpose_has_an_expiry_and_is_listed_in_the_privacy_notes() -> None:
    listed = PRIVACY.read_text()

    assert len(tokens.PURPOSES) >= 10
    for name, purpose in tokens.PURPOSES.items():
        assert purpose.max_age > 0, name
        assert f"`{name}`" in listed, f"{name} is missing from docs/privacy.md"


def test_a_token_never_reads_as_another_purposes() -> None:
    signed = {name: p.sign("ana@example.org") for name, p in tokens.PURPOSES.items()}

    for name, purpose in tokens.PURPOSES.items():
        for other, token in signed.items():
            if other != name:
                assert purpose.read(token) is None, (other, name)


@pytest.mark.django_db
def test_a_single_use_token_works_once() -> None:
    token = reader_data.token_for("ana@example.org")

    assert reader_data.email_from(token) == "ana@example.org"
    assert reader_data.email_from(token, spend=True) == "ana@example.org"
    assert reader_data.email_from(token, spend=True) is None
    assert reader_data.email_from(token) is None


def test_the_key_once_written_in_the_repository_signs_nothing() -> None:
    forged = signing.dumps(
        ["ana@example.org", "x"],
        key=OLD_REPOSITORY_KEY,
        salt=reader_data.DATA_LINK.name,
        compress=True,
    )

    assert reader_data.DATA_LINK.read(forged) is None


def test_an_old_key_in_the_fallbacks_still_reads_what_it_signed(
    settings: Any,
) -> None:
    token = mail_tokens.make("unsubscribe", 7)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-brand-new-key-" * 4

    assert mail_tokens.read(token, "unsubscribe") == 7
    settings.SECRET_KEY_FALLBACKS = []
    assert mail_tokens.read(token, "unsubscribe") is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300) | st.binary(max_size=300).map(lambda b: b.hex()))
def test_any_string_is_refused_quietly(token: str) -> None:
    for purpose in tokens.PURPOSES.values():
        if not purpose.single_use:  # those ask the database; same parser
            assert purpose.read(token) is None


def test_a_development_key_is_made_once_and_kept_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)

    first = env.secret_key(required=False, folder=tmp_path)
    again = env.secret_key(required=False, folder=tmp_path)
    elsewhere = env.secret_key(required=False, folder=tmp_path / "other")

    assert first == again
    assert first != elsewhere
    assert len(first) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert first not in _repository_text()


def _repository_text() -> str:
    root = Path(__file__).resolve().parents[3]
    wanted = re.compile(r"\.(py|md|toml|txt|example|cfg|ini|sh)$")
    return "\n".join(
        path.read_text(errors="replace")
        for path in root.rglob("*")
        if path.is_file()
        and wanted.search(path.name)
        and ".venv" not in path.parts
        and "node_modules" not in path.parts
        and "data" not in path.parts
    )
