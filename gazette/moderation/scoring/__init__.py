"""Toxicity scoring behind one small protocol.

``scorer()`` returns the scorer named by ``GAZETTE_TOXICITY_SCORER``: the
bundled linear model by default (CPU, no network, well under 5 ms a comment),
or the Perspective API adapter when a newsroom opts in. Every scorer gives a
score per kind of harm (``assess``); ``score`` is the strongest kind that the
default policy does not allow, which is what ``make bench-moderation`` ranks.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol

from django.conf import settings

from gazette.core import plugins
from gazette.moderation.scoring import encoder, features, kinds
from gazette.moderation.scoring.kinds import Assessment, Context
from gazette.moderation.scoring.model import LinearModel

MODEL_PATH = Path(__file__).with_name("model.bin")


class ToxicityScorer(Protocol):
    """Scores text from 0 (civil) to 1 (abusive)."""

    name: str
    languages: tuple[str, ...] | None  # None: any language

    def score(self, text: str) -> float:
        """How likely ``text`` is harmful under the default policy, from 0 to 1."""

    def kind_scores(self, text: str) -> dict[str, float]:
        """The model's own score per kind, before the rules and the aim."""

    def flagged(self, text: str, kind: str = "") -> list[str]:
        """The words that raised the score (of ``kind``) most, for the nudge."""


@dataclass(frozen=True)
class Reading:
    """One scorer's reading of a comment, to be assessed in its thread's context."""

    scorer: ToxicityScorer
    learned: dict[str, float]
    language: str

    def assess(self, text: str, context: Context) -> Assessment:
        return kinds.assess(
            self.learned,
            text,
            context,
            language=self.language,
            scorer=self.scorer.name,
        )


def read(text: str, found: str) -> Reading | None:
    """Score a comment in language ``found`` with a scorer that knows it, or None.

    The inline scorer first; for a language it does not know, the contextual
    scorer when it knows that language; otherwise no scorer can judge it and
    the policy decides (hold or publish), never a silent "safe".
    """
    for candidate in (scorer(), contextual_scorer()):
        if candidate is None:
            continue
        if candidate.languages is None or found in candidate.languages:
            return Reading(candidate, candidate.kind_scores(text), found)
    return None


def default_allowed() -> frozenset[str]:
    return frozenset(settings.GAZETTE_MODERATION_ALLOWED_KINDS)


class LinearScorer:
    """The bundled model: hashed word and character n-grams, and target features."""

    name = "gazette-linear-2"
    languages = ("en",)
    MIN_DROP = 0.4  # how much a word must add to the logit to be pointed out
    MAX_WORDS = 80  # the nudge looks at this many distinct words at most

    def __init__(self, path: Path = MODEL_PATH) -> None:
        self.model = LinearModel.load(path)

    def score(self, text: str) -> float:
        return self.assess(text, Context()).harm(default_allowed())[1]

    def kind_scores(self, text: str) -> dict[str, float]:
        return self.model.kind_scores(text)

    def assess(self, text: str, context: Context) -> Assessment:
        learned = self.model.kind_scores(text)
        return kinds.assess(learned, text, context, language="en", scorer=self.name)

    def flagged(self, text: str, kind: str = "") -> list[str]:
        """Words whose removal lowers the score most (leave-one-out).

        Only run for the nudge, on comments that already scored high; pronouns
        and group names are never blamed, since they are not the insult.
        """
        logit = (
            (lambda t: self.model.head_logit(kind, t))
            if kind in self.model.heads
            else self.model.logit
        )
        tokens = features.words(text)
        whole = logit(" ".join(tokens))
        if whole < 0:  # reads as civil: nothing to blame
            return []
        drops: dict[str, float] = {}
        for word in list(dict.fromkeys(tokens))[: self.MAX_WORDS]:
            if word in features.NEVER_BLAMED or len(word) < 3:
                continue
            rest = " ".join(t for t in tokens if t != word)
            drop = whole - logit(rest)
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


@cache
def _contextual() -> ToxicityScorer | None:
    if not encoder.available():
        return None
    from gazette.moderation.scoring.contextual import ContextualScorer

    return ContextualScorer()


def contextual_scorer() -> ToxicityScorer | None:
    """The contextual scorer (multilingual encoder), when its runtime is installed."""
    return _contextual() if settings.GAZETTE_TOXICITY_CONTEXTUAL else None


def warm() -> None:
    """Load every configured scorer, the encoder and the language detector.

    Nothing is scored: a worker calls this before it forks, and the encoder's
    thread pool (if it was given more than one thread) must start in the
    process that uses it.
    """
    from gazette.moderation.scoring import language

    scorer()
    if settings.GAZETTE_TOXICITY_BACKGROUND_SCORER:
        background_scorer()
    if contextual_scorer() is not None:
        encoder.load()
    language.load()
