"""The contextual scorer: a multilingual sentence encoder and a head per kind.

The encoder (multilingual-e5-small, see ``encoder.py``) reads the whole
comment, so it scores what the words do together ("you people are a
disease" against "the disease spread to people"), and it reads Spanish
though its heads learned mostly from English comments. The heads are small
networks (one hidden layer) over the sentence vector, trained by ``make
train-moderation`` (``train_contextual.py``) and shipped in
``contextual.npz``; for English the linear model's kind scores are blended
in, which keeps what it knows of spellings and slurs.

About 20 to 55 ms a comment on one core here, so it runs as the background
scorer by default, and inline only for the languages the linear model does
not read (decision 0018).
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import numpy as np

from gazette.moderation.scoring import (
    LinearScorer,
    default_allowed,
    encoder,
    kinds,
    language,
)
from gazette.moderation.scoring.kinds import Context

HEADS_PATH = Path(__file__).with_name("contextual.npz")
_WORD = re.compile(r"\w+")


class ContextualScorer:
    """Encoder and heads; the linear model's scores blended in for English."""

    name = "gazette-e5-1"

    def __init__(self, path: Path = HEADS_PATH) -> None:
        with np.load(path) as data:
            self.w1 = data["w1"].astype(np.float32)  # (heads, 384, hidden)
            self.b1 = data["b1"].astype(np.float32)  # (heads, hidden)
            self.w2 = data["w2"].astype(np.float32)  # (heads, hidden)
            self.b2 = data["b2"].astype(np.float32)  # (heads,)
            meta = json.loads(bytes(data["meta"]).decode())
        self.kinds: list[str] = meta["kinds"]
        self.languages: tuple[str, ...] | None = tuple(meta["languages"])
        self.blend: float = float(meta["blend"])
        self.linear = LinearScorer()

    def _encoded(self, text: str) -> dict[str, float]:
        """Each head's probability (``toxic`` and the kinds) from the vector."""
        vector = encoder.encode([text])[0]
        hidden: Any = np.maximum(np.einsum("d,hdk->hk", vector, self.w1) + self.b1, 0)
        found: Any = np.einsum("hk,hk->h", hidden, self.w2) + self.b2
        return dict(zip(self.kinds, (_sigmoid(float(z)) for z in found), strict=True))

    def kind_scores(self, text: str) -> dict[str, float]:
        scores = self._encoded(text)
        if self.blend and _looks_english(text):
            for kind, linear in self.linear.kind_scores(text).items():
                if kind in scores:
                    z = (1 - self.blend) * _logit(scores[kind]) + self.blend * _logit(
                        linear
                    )
                    scores[kind] = _sigmoid(z)
        return scores

    def score(self, text: str) -> float:
        reading = kinds.assess(self.kind_scores(text), text, Context())
        return reading.harm(default_allowed())[1]

    def flagged(self, text: str, kind: str = "") -> list[str]:
        if _looks_english(text):
            return self.linear.flagged(text, kind)
        insults = kinds.INSULTS.get(language.detect(text), frozenset())
        found = (w for w in _WORD.findall(text.lower()) if w in insults)
        return list(dict.fromkeys(found))[:5]


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0


def _logit(p: float) -> float:
    return math.log(max(p, 1e-6) / max(1 - p, 1e-6))


def _looks_english(text: str) -> bool:
    return language.detect(text) == "en"
