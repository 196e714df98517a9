"""The linear toxicity model: hashed features, one weight each, a logistic link."""

from __future__ import annotations

import array
import json
import math
import zlib
from dataclasses import dataclass
from pathlib import Path

from gazette.moderation.scoring import features

_MAGIC = b"GZTX1\n"


@dataclass
class LinearModel:
    """Weights over ``features.BUCKETS`` hashed features, and the insult lexicon."""

    weights: list[float] | array.array  # type: ignore[type-arg]
    bias: float
    insults: frozenset[str]

    def logit(self, text: str) -> float:
        w = self.weights
        z = self.bias
        for index, value in features.featurize(text, self.insults).items():
            z += w[index] * value
        return z

    def score(self, text: str) -> float:
        """Probability-like toxicity in [0, 1]."""
        z = self.logit(text)
        return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0

    def save(self, path: Path) -> None:
        weights = array.array("f", self.weights)
        header = json.dumps(
            {"bias": self.bias, "insults": sorted(self.insults), "n": len(weights)}
        ).encode()
        body = zlib.compress(weights.tobytes(), 9)
        path.write_bytes(_MAGIC + len(header).to_bytes(4, "big") + header + body)

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        raw = path.read_bytes()
        if not raw.startswith(_MAGIC):
            raise ValueError(f"{path} is not a Gazette toxicity model")
        offset = len(_MAGIC)
        size = int.from_bytes(raw[offset : offset + 4], "big")
        header = json.loads(raw[offset + 4 : offset + 4 + size])
        weights = array.array("f")
        weights.frombytes(zlib.decompress(raw[offset + 4 + size :]))
        if len(weights) != header["n"]:
            raise ValueError(f"{path} is truncated")
        return cls(
            weights=weights,
            bias=float(header["bias"]),
            insults=frozenset(header["insults"]),
        )
