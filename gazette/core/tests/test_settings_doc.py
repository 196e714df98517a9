"""Every environment variable Gazette reads is documented in docs/settings.md."""

from __future__ import annotations

import re

from config import env

DOC = (env.BASE_DIR / "docs" / "settings.md").read_text(encoding="utf-8")
READERS = r"get_(?:str|bool|int|list|fraction|choice)\(\s*\"([A-Z_]+)\""


def _variables_read() -> set[str]:
    names: set[str] = set()
    for path in (env.BASE_DIR / "config").rglob("*.py"):
        names.update(re.findall(READERS, path.read_text(encoding="utf-8")))
    return names


def test_every_variable_read_is_documented() -> None:
    read = _variables_read()

    undocumented = sorted(name for name in read if f"`{name}`" not in DOC)

    assert len(read) > 15
    assert undocumented == []


def test_the_variables_read_outside_the_helpers_are_documented_too() -> None:
    for name in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "GAZETTE_ENV", "PORT"):
        assert f"`{name}`" in DOC
