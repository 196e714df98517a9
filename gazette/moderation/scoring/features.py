"""Turn a comment into hashed features for the linear toxicity model.

The same code featurizes the training data (``train.py``) and live comments,
so training and serving cannot drift apart. Pure Python: a typical comment
becomes a few hundred feature ids in well under a millisecond.

Three views of the text:

- words and word pairs, after normalizing case, repeated letters and
  look-alike characters (``1d10t`` → ``idiot``);
- character n-grams (2 to 5) inside words, which catch misspellings;
- *target* features: an insult word aimed at the reader ("you are a moron",
  "you pathetic …") or at a group ("those people are animals"). They carry
  across platforms better than raw n-grams, which learn each site's style.
"""

from __future__ import annotations

import itertools
import math
import re
import zlib
from collections.abc import Iterable, Iterator

BUCKETS = 1 << 20
MAX_CHARS = 3000  # past this, more text adds cost, not signal

_URL = re.compile(r"https?://\S+|www\.\S+")
_MENTION = re.compile(r"@\w+")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "$": "s"})
_REPEAT = re.compile(r"(.)\1{2,}")
# Look-alike digits count as letters only inside words ("l0ser", "1d10t"),
# never in plain numbers ("455 votes").
_MIXED = re.compile(r"\S*[a-z]\S*")
_WORD = re.compile(r"[a-z*]+(?:'[a-z]+)?")

SECOND_PERSON = frozenset(
    [
        "you",
        "u",
        "ya",
        "youre",
        "you're",
        "ur",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "thou",
    ]
)
GROUP_WORDS = frozenset(
    [
        "they",
        "them",
        "these",
        "those",
        "people",
        "all",
        "every",
        "such",
        "their",
        "muslims",
        "muslim",
        "jews",
        "jew",
        "jewish",
        "blacks",
        "black",
        "whites",
        "white",
        "immigrants",
        "migrants",
        "refugees",
        "women",
        "men",
        "gays",
        "gay",
        "homosexuals",
        "liberals",
        "conservatives",
        "democrats",
        "republicans",
        "leftists",
        "christians",
        "arabs",
        "mexicans",
        "asians",
        "africans",
        "indians",
        "foreigners",
        "race",
        "races",
        "islam",
        "feminists",
        "nonwhites",
        "hispanics",
        "latinos",
    ]
)
COPULA = frozenset(["are", "is", "be", "being", "been", "re", "s", "r"])
# Words that demean a person or a group, written down rather than learned:
# the training data has too little group-directed hate for a model to learn
# them, and they carry across platforms (no slurs here; those are learned).
DEMEANING = frozenset(
    [
        "animal",
        "animals",
        "ape",
        "apes",
        "barbarians",
        "barbaric",
        "breed",
        "breeding",
        "burn",
        "cockroaches",
        "criminals",
        "degenerate",
        "degenerates",
        "deport",
        "deported",
        "disease",
        "disgusting",
        "dumb",
        "exterminate",
        "extermination",
        "filth",
        "filthy",
        "garbage",
        "gas",
        "genocide",
        "hang",
        "horde",
        "hordes",
        "idiot",
        "idiots",
        "inferior",
        "infest",
        "infesting",
        "invaders",
        "kill",
        "leech",
        "leeches",
        "loser",
        "losers",
        "lynch",
        "mongrel",
        "mongrels",
        "monkey",
        "monkeys",
        "moron",
        "morons",
        "parasite",
        "parasites",
        "pathetic",
        "plague",
        "primitive",
        "rats",
        "retarded",
        "retards",
        "savage",
        "savages",
        "scum",
        "shoot",
        "stupid",
        "subhuman",
        "subhumans",
        "swarm",
        "thug",
        "thugs",
        "trash",
        "ugly",
        "vermin",
        "worthless",
    ]
)
VIOLENCE = frozenset(
    [
        "kill",
        "hang",
        "shoot",
        "burn",
        "gas",
        "deport",
        "exterminate",
        "lynch",
        "die",
        "eradicate",
        "wipe",
    ]
)
GENERALIZERS = frozenset(["all", "every", "most", "these", "those"])
EXPEL = frozenset(
    [
        "deported",
        "killed",
        "hanged",
        "gassed",
        "shot",
        "removed",
        "sterilized",
        "expelled",
        "exterminated",
        "banned",
        "locked",
        "eliminated",
    ]
)


# Words that may sit beside an insult but are never the insult themselves.
NEVER_BLAMED = (
    SECOND_PERSON
    | GROUP_WORDS
    | COPULA
    | frozenset(
        [
            "the",
            "and",
            "that",
            "this",
            "are",
            "was",
            "were",
            "with",
            "have",
            "has",
            "not",
            "for",
            "but",
            "lol",
        ]
    )
)


def normalize(text: str) -> str:
    """Lower-case, drop links and @handles, undo look-alikes and stretched letters."""
    text = text[:MAX_CHARS].lower()
    text = _URL.sub(" ", text)
    text = _MENTION.sub(" ", text)
    text = _MIXED.sub(lambda m: m.group().translate(_LEET), text)
    text = _REPEAT.sub(r"\1\1", text)
    return text


def words(text: str) -> list[str]:
    return _WORD.findall(normalize(text))


def feature_id(feature: str) -> int:
    """The hashed bucket of one named feature."""
    return zlib.crc32(feature.encode()) & (BUCKETS - 1)


def target_features(tokens: list[str], insults: frozenset[str]) -> list[str]:
    """Insults and threats aimed at the reader or at a group, as named features."""
    return [*aimed_patterns(tokens), *_aimed_insults(tokens, insults)]


def aimed_patterns(tokens: list[str]) -> Iterator[str]:
    """ "should be deported", "go back", "all X are", "kill them"."""
    for i, word in enumerate(tokens):
        before = tokens[i - 1] if i else ""
        if word in EXPEL and before in ("be", "get", "got", "been"):
            yield "T:should+be+expelled"
        if word == "back" and before in ("go", "send", "sent", "them"):
            yield "T:go+back"
        if word == "are" and _generalizes(tokens, i):
            yield "T:group+are"
        if word in VIOLENCE and any(
            w in GROUP_WORDS or w in SECOND_PERSON for w in tokens[i + 1 : i + 4]
        ):
            yield "T:violence+target"


def _generalizes(tokens: list[str], i: int) -> bool:
    """Whether tokens[i] ("are") follows a group: "muslims are", "all cats are"."""
    before = tokens[i - 1] if i else ""
    if before in GROUP_WORDS:
        return True
    return before.endswith("s") and i > 1 and tokens[i - 2] in GENERALIZERS


def _aimed_insults(tokens: list[str], insults: frozenset[str]) -> Iterator[str]:
    has_group = any(t in GROUP_WORDS for t in tokens)
    for i, word in enumerate(tokens):
        if word not in insults:
            continue
        yield "T:insult"
        if has_group:
            yield "T:group+insult"
        window = tokens[max(0, i - 4) : i]
        if any(w in SECOND_PERSON for w in window):
            yield "T:you+insult"
            yield f"T:you+{word}"
        if any(w in GROUP_WORDS for w in window) and any(w in COPULA for w in window):
            yield "T:group+is+insult"
        if i + 1 < len(tokens) and tokens[i + 1] in SECOND_PERSON:
            yield "T:insult+you"


def featurize(text: str, insults: frozenset[str] = frozenset()) -> dict[int, float]:
    """Hashed feature id → weight (log-scaled counts, L2-normalized per view)."""
    tokens = words(text)
    views: list[Iterable[str]] = [
        [f"w:{t}" for t in tokens],
        [f"b:{a} {b}" for a, b in itertools.pairwise(tokens)],
        _char_grams(tokens),
        target_features(tokens, insults),
    ]
    vector: dict[int, float] = {}
    for view in views:
        counts: dict[int, int] = {}
        for feature in view:
            key = feature_id(feature)
            counts[key] = counts.get(key, 0) + 1
        if not counts:
            continue
        scaled = {k: 1.0 + _log(n) for k, n in counts.items()}
        norm = sum(v * v for v in scaled.values()) ** 0.5
        for k, v in scaled.items():
            vector[k] = vector.get(k, 0.0) + v / norm
    return vector


def _char_grams(tokens: list[str]) -> list[str]:
    grams = []
    for token in tokens:
        padded = f" {token} "
        size = len(padded)
        for n in (3, 4, 5):
            for i in range(size - n + 1):
                grams.append(padded[i : i + n])
    return grams


_LOGS = [0.0] + [math.log(n) for n in range(1, 64)]


def _log(n: int) -> float:
    return _LOGS[n] if n < 64 else _LOGS[63]
