"""The labelled comments in ``../shared/datasets/``, read where they lie.

Each row keeps its overall label (1 = toxic) and, where its source says so,
a label per kind of harm; ``None`` where the source does not tell (ParaDetox
marks a sentence toxic without saying how). Never copied into the project.
"""

from __future__ import annotations

import csv
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DATASETS = ROOT.parent / "shared" / "datasets"
ENGLISH = DATASETS / "toxicity"
SPANISH = DATASETS / "toxicity-es"
SPANISH_SOURCE = "es_political_tweets"

# The kinds a model learns from labels; personal information, sexual content
# and spam are found by rules (see kinds.py): the data has no labels for them.
LEARNED = ("attack", "identity", "threat", "profanity")

_JIGSAW = {
    "attack": "insult",
    "identity": "identity_hate",
    "threat": "threat",
    "profanity": "obscene",
}
_SPANS = {
    "attack": "Insult",
    "identity": "Identity based Attack",
    "threat": "Threat",
    "profanity": "Profane/Obscene",
}


@dataclass(frozen=True)
class Row:
    text: str
    label: int
    source: str
    language: str = "en"
    kinds: dict[str, int | None] = field(default_factory=dict, hash=False)


def is_held_out(text: str) -> bool:
    """One comment in ten, the same in every run and on every machine."""
    return zlib.crc32(text.encode()) % 10 == 0


def _kinds(raw: dict[str, str], label: int, source: str) -> dict[str, int | None]:
    if label == 0:
        return dict.fromkeys(LEARNED, 0)
    unknown: dict[str, int | None] = dict.fromkeys(LEARNED)
    if source.startswith("jigsaw"):
        return {kind: int(raw[column] == "1") for kind, column in _JIGSAW.items()}
    if source.startswith("civil_comments"):
        types = set(raw.get("span_types", "").split("|")) - {""}
        if not types:
            return unknown
        return {kind: int(name in types) for kind, name in _SPANS.items()}
    if source.startswith("davidson"):
        if raw.get("davidson_class") == "0":  # hate speech
            return {**unknown, "identity": 1}
        return {**unknown, "profanity": 1, "identity": 0}  # offensive language
    if source.startswith("stormfront"):
        return {**unknown, "identity": 1}
    return unknown


def _read(path: Path) -> list[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def english(data: Path = ENGLISH) -> list[Row]:
    rows = []
    for path in sorted(data.glob("*.csv")):
        for raw in _read(path):
            if raw["label"] in ("0", "1") and raw["text"].strip():
                label = int(raw["label"])
                source = raw["source"]
                rows.append(
                    Row(raw["text"], label, source, "en", _kinds(raw, label, source))
                )
    return rows


def spanish(data: Path = SPANISH) -> list[Row]:
    """The Spanish political tweets, with @handles masked (``@usuario``).

    Its coders call profane venting toxic, so its label is the overall one
    only: no kind is inferred from it.
    """
    rows = []
    for path in sorted(data.glob("*.csv")):
        for raw in _read(path):
            text = raw.get("text_user_masked") or raw["text"]
            if raw["label"] in ("0", "1") and text.strip():
                rows.append(Row(text, int(raw["label"]), SPANISH_SOURCE, "es", {}))
    return rows
