"""The benchmark's comments: the same data for Gazette and for Isso.

One thread of 1,000 comments (a third top-level, the rest replies, about 300
characters of Markdown each, 150 distinct authors) and one of 10.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

BIG, SMALL = "bench-big-thread", "bench-small-thread"
WORDS = [
    "harbour",
    "council",
    "wall",
    "survey",
    "flood",
    "tide",
    "budget",
    "repair",
    "review",
    "vote",
    "street",
    "ferry",
    "residents",
    "engineers",
    "night",
    "bus",
    "market",
    "quay",
    "storm",
    "water",
    "power",
    "city",
    "mayor",
    "ward",
    "election",
    "rents",
    "bookshop",
    "festival",
    "dunes",
    "grass",
    "coast",
    "report",
]


@dataclass(frozen=True)
class BenchComment:
    author: str
    text: str
    parent: int | None  # index of the comment replied to, within the thread


def _text(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(40)]
    words[3] = f"**{words[3]}**"
    words[9] = f"*{words[9]}*"
    words[15] = f"[{words[15]}](https://news.example/{words[15]})"
    text = " ".join(words).capitalize() + "."
    if rng.random() < 0.2:
        text = f"> {rng.choice(WORDS)} {rng.choice(WORDS)}\n\n{text}"
    return text[:320]


def thread(size: int, seed: int) -> list[BenchComment]:
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    top_level = max(1, size // 3)
    comments = [
        BenchComment(f"Reader {rng.randrange(150)}", _text(rng), None)
        for _ in range(top_level)
    ]
    for _ in range(size - top_level):
        parent = rng.randrange(len(comments))
        comments.append(
            BenchComment(f"Reader {rng.randrange(150)}", _text(rng), parent)
        )
    return comments


def threads() -> dict[str, list[BenchComment]]:
    return {BIG: thread(1000, seed=1), SMALL: thread(10, seed=2)}
