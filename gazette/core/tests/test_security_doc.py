"""docs/security.md names the tests that prove each line: they must exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DOC = ROOT / "docs" / "security.md"
REFERENCE = re.compile(r"`((?:gazette|tests)/[\w/.]+\.py)((?:::\w+)*)`")


def test_every_test_the_threat_model_names_exists() -> None:
    found = REFERENCE.findall(DOC.read_text())

    assert len(found) > 30
    for path, names in found:
        source = (ROOT / path).read_text()
        for name in filter(None, names.split("::")):
            assert re.search(rf"(def|class) {name}\b", source), f"{path}::{name}"


def test_continued_references_name_tests_of_the_file_before() -> None:
    text = DOC.read_text()
    current = ""
    for match in re.finditer(r"`((?:gazette|tests)/[\w/.]+\.py)?((?:::\w+)+)`", text):
        current = match.group(1) or current
        source = (ROOT / current).read_text()
        for name in filter(None, match.group(2).split("::")):
            assert re.search(rf"(def|class) {name}\b", source), f"{current}::{name}"
