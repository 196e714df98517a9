"""Readers own who a reader is; the apps that hold a reader's data answer for it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models

from gazette.readers.holders import holders

READERS = Path(__file__).resolve().parents[1]
OTHERS = ("discussion", "funding", "moderation", "notifications", "publishing")


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize(
    "path",
    [p for p in READERS.rglob("*.py") if "tests" not in p.parts],
    ids=lambda p: str(p.relative_to(READERS)),
)
def test_readers_never_import_the_apps_that_ask_them(path: Path) -> None:
    wrong = {
        name
        for name in _imports(path)
        if any(name.startswith(f"gazette.{app}") for app in OTHERS)
    }
    assert not wrong, f"{path.name} imports {sorted(wrong)}"


def test_every_app_with_an_address_column_hands_over_and_erases_it() -> None:
    """A new model with an e-mail column must join the reader's download."""
    answering = {str(getattr(h, "__name__", "")).split(".")[1] for h in holders()}
    holding = {
        model._meta.app_config.name.split(".")[1]
        for model in apps.get_models()
        if model.__module__.startswith("gazette.")
        and any(
            isinstance(field, models.EmailField) or "email" in field.name
            for field in model._meta.get_fields()
        )
    }
    assert holding - answering == set()
    for holder in holders():
        assert callable(holder.reader_data)
        assert callable(holder.reader_count)
        assert callable(holder.reader_erase)
