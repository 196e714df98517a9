"""Toxicity scoring behind one small protocol.

``scorer()`` returns the scorer named by ``GAZETTE_TOXICITY_SCORER``: the
bundled linear model by default (CPU, no network, well under 5 ms a comment),
or the Perspective API adapter when a newsroom opts in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from django.conf import settings

from gazette.core import plugins
from gazette.moderation.scoring import features
from gazette.moderation.scoring.model import LinearModel

MODEL_PATH = Path(__file__).with_name("model.bin")


class ToxicityScorer(Protocol):
    """Scores text from 0 (civil) to 1 (abusive)."""

    name: str

    def score(self, text: str) -> float:
        """How likely ``text`` is toxic, from 0 to 1."""

    def flagged(self, text: str) -> list[str]:
        """The words that raised the score most, for the nudge (may be empty)."""


class LinearScorer:
    """The bundled model: hashed word and character n-grams, and target features."""

    name = "gazette-linear-1"
    MIN_DROP = 0.4  # how much a word must add to the logit to be pointed out
    MAX_WORDS = 80  # the nudge looks at this many distinct words at most

    def __init__(self, path: Path = MODEL_PATH) -> None:
        self.model = LinearModel.load(path)

    def score(self, text: str) -> float:
        return self.model.score(text)

    def flagged(self, text: str) -> list[str]:
        """Words whose removal lowers the score most (leave-one-out).

        Only run for the nudge, on comments that already scored high; pronouns
        and group names are never blamed, since they are not the insult.
        """
        tokens = features.words(text)
        whole = self.model.logit(" ".join(tokens))
        if whole < 0:  # reads as civil: nothing to blame
            return []
        drops: dict[str, float] = {}
        for word in list(dict.fromkeys(tokens))[: self.MAX_WORDS]:
            if word in features.NEVER_BLAMED or len(word) < 3:
                continue
            rest = " ".join(t for t in tokens if t != word)
            drop = whole - self.model.logit(rest)
            if drop >= self.MIN_DROP:
                drops[word] = drop
        return sorted(drops, key=drops.__getitem__, reverse=True)[:5]


def scorer() -> ToxicityScorer:
    """The scorer that decides before a comment is published."""
    found: ToxicityScorer = plugins.instance(settings.GAZETTE_TOXICITY_SCORER)
    return found


def background_scorer() -> ToxicityScorer:
    """The heavier scorer that looks again after publication, if one is set."""
    path = settings.GAZETTE_TOXICITY_BACKGROUND_SCORER
    found: ToxicityScorer = plugins.instance(path)
    return found
