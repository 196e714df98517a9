"""One production stack for the module's tests (see ``stack.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.production.stack import Stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    folder = Path(tmp_path_factory.mktemp("stack"))
    running = Stack.from_environment(folder)
    try:
        yield running.start()
    finally:
        running.stop()
