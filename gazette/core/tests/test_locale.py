"""The Spanish catalogue is complete, and the compiled file matches it."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "gazette" / "locale"


def _entries(po: str) -> list[str]:
    return [block for block in po.split("\n\n") if "msgid" in block][1:]


def _unquote(block: str, key: str) -> str:
    match = re.search(rf"^{re.escape(key)} ((?:\"[^\n]*\"\n?)+)", block, re.MULTILINE)
    assert match, f"{key} missing in:\n{block}"
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', match.group(1))).replace(
        '\\"', '"'
    )


def test_every_spanish_string_is_translated_and_none_is_fuzzy() -> None:
    po = (LOCALE / "es" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = _entries(po)

    untranslated = [
        block
        for block in entries
        if re.search(r'^msgstr(\[\d\])? ""$', block, re.MULTILINE)
        and not re.search(r'^msgstr(\[\d\])? ""\n"', block, re.MULTILINE)
    ]
    fuzzy = [block for block in entries if "#, fuzzy" in block]

    assert len(entries) > 50
    assert untranslated == []
    assert fuzzy == []


def test_compiled_catalogue_matches_the_po_file() -> None:
    po = (LOCALE / "es" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    with (LOCALE / "es" / "LC_MESSAGES" / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)

    stale = []
    for block in _entries(po):
        if "msgid_plural" in block:
            continue
        msgid, msgstr = _unquote(block, "msgid"), _unquote(block, "msgstr")
        if compiled.gettext(msgid) != msgstr:
            stale.append(msgid)

    assert stale == [], "run `make messages` to recompile django.mo"
