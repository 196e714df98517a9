"""The toxicity model: hashed n-gram features plus pooled word vectors, logistic link.

The word vectors were distilled from a small sentence-embedding model
(all-MiniLM-L6-v2) at training time: each vocabulary word's embedding, reduced
to a few dimensions. They let the model treat words it saw rarely like their
neighbours ("vermin", "parasites", "cockroaches"), which is what carries it
to platforms it was not trained on. Serving them is a table lookup: no
network, no deep-learning runtime.
"""

from __future__ import annotations

import array
import json
import math
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from gazette.moderation.scoring import features

_MAGIC = b"GZTX3\n"
# The kind heads read the same features folded into fewer buckets: they learn
# from fewer rows, and the file stays small.
KIND_BUCKETS = 1 << 18


_CHUNK = 1 << 16


def _to_half(values: array.array) -> bytes:  # type: ignore[type-arg]
    """Half-precision bytes (the file's format; ``array`` has no half type)."""
    return b"".join(
        struct.pack(f"<{len(part)}e", *part)
        for part in (values[i : i + _CHUNK] for i in range(0, len(values), _CHUNK))
    )


def _from_half(raw: bytes) -> array.array:  # type: ignore[type-arg]
    values = array.array("f")
    step = 2 * _CHUNK
    for i in range(0, len(raw), step):
        part = raw[i : i + step]
        values.extend(struct.unpack(f"<{len(part) // 2}e", part))
    return values


@dataclass
class WordVectors:
    """One small vector per vocabulary word, kept flat (half floats on disk)."""

    index: dict[str, int]
    dims: int
    values: array.array  # type: ignore[type-arg]

    def pooled(self, tokens: list[str]) -> list[float]:
        """The normalized mean and the maximum of the known words' vectors."""
        dims, values = self.dims, self.values
        total = [0.0] * dims
        peak = [-1e9] * dims
        found = 0
        for token in tokens:
            row = self.index.get(token)
            if row is None:
                continue
            found += 1
            start = row * dims
            for j in range(dims):
                v = values[start + j]
                total[j] += v
                if v > peak[j]:
                    peak[j] = v
        if not found:
            return [0.0] * (2 * dims)
        norm = math.sqrt(sum(v * v for v in total)) or 1.0
        return [v / norm for v in total] + peak


@dataclass
class Head:
    """One kind's weights over the folded features."""

    weights: array.array  # type: ignore[type-arg]
    bias: float

    def logit(self, found: list[tuple[int, float]]) -> float:
        w = self.weights
        total: float = self.bias
        for index, value in found:
            total += w[index] * value
        return total


def fold(index: int) -> int:
    """A feature's place in a kind head: hashed ids folded, pooled vectors kept."""
    if index < features.BUCKETS:
        return index & (KIND_BUCKETS - 1)
    return KIND_BUCKETS + index - features.BUCKETS


@dataclass
class LinearModel:
    """Weights over hashed features and pooled vectors, and the insult lexicon.

    ``weights`` score toxicity as the data labels it; each of ``heads`` scores
    one kind of harm (attack, identity, threat, profanity).
    """

    weights: array.array  # type: ignore[type-arg]
    bias: float
    insults: frozenset[str]
    vectors: WordVectors | None = None
    heads: dict[str, Head] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return features.BUCKETS + self.pooled_size

    @property
    def pooled_size(self) -> int:
        return 2 * self.vectors.dims if self.vectors else 0

    @property
    def head_size(self) -> int:
        return KIND_BUCKETS + self.pooled_size

    def features(self, text: str) -> dict[int, float]:
        """Feature id → value; the same for training and for scoring."""
        found = features.featurize(text, self.insults)
        if self.vectors is not None:
            pooled = self.vectors.pooled(features.words(text))
            for j, value in enumerate(pooled):
                if value:
                    found[features.BUCKETS + j] = value
        return found

    def logit(self, text: str) -> float:
        w = self.weights
        total: float = self.bias
        for index, value in self.features(text).items():
            total += w[index] * value
        return total

    def score(self, text: str) -> float:
        """Probability-like toxicity in [0, 1]."""
        return _sigmoid(self.logit(text))

    def kind_scores(self, text: str) -> dict[str, float]:
        """Each head's probability, and ``toxic``, from one pass over the features."""
        found = self.features(text)
        toxic: float = self.bias
        w = self.weights
        for index, value in found.items():
            toxic += w[index] * value
        folded = [(fold(i), v) for i, v in found.items()]
        scores = {
            kind: _sigmoid(head.logit(folded)) for kind, head in self.heads.items()
        }
        scores["toxic"] = _sigmoid(toxic)
        return scores

    def head_logit(self, kind: str, text: str) -> float:
        return self.heads[kind].logit(
            [(fold(i), v) for i, v in self.features(text).items()]
        )

    def save(self, path: Path) -> None:
        header: dict[str, object] = {
            "bias": self.bias,
            "insults": sorted(self.insults),
            "n": len(self.weights),
        }
        parts = [zlib.compress(array.array("f", self.weights).tobytes(), 9)]
        if self.vectors is not None:
            header["dims"] = self.vectors.dims
            header["vocab"] = sorted(self.vectors.index, key=self.vectors.index.get)  # type: ignore[arg-type]
            parts.append(zlib.compress(_to_half(self.vectors.values), 9))
        header["heads"] = {kind: head.bias for kind, head in self.heads.items()}
        for head in self.heads.values():
            parts.append(zlib.compress(_to_half(head.weights), 9))
        header["parts"] = [len(p) for p in parts]
        raw = json.dumps(header).encode()
        path.write_bytes(_MAGIC + len(raw).to_bytes(4, "big") + raw + b"".join(parts))

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        data = path.read_bytes()
        if not data.startswith(_MAGIC):
            raise ValueError(f"{path} is not a Gazette toxicity model")
        offset = len(_MAGIC)
        size = int.from_bytes(data[offset : offset + 4], "big")
        header = json.loads(data[offset + 4 : offset + 4 + size])
        offset += 4 + size
        blobs = []
        for length in header["parts"]:
            blobs.append(zlib.decompress(data[offset : offset + length]))
            offset += length
        weights = array.array("f")
        weights.frombytes(blobs.pop(0))
        vectors = None
        if "dims" in header:
            values = _from_half(blobs.pop(0))
            vocab = header["vocab"]
            vectors = WordVectors(
                {w: i for i, w in enumerate(vocab)}, header["dims"], values
            )
        heads = {
            kind: Head(_from_half(blob), float(bias))
            for (kind, bias), blob in zip(header["heads"].items(), blobs, strict=True)
        }
        model = cls(
            weights, float(header["bias"]), frozenset(header["insults"]), vectors, heads
        )
        if len(weights) != header["n"] or len(weights) != model.size:
            raise ValueError(f"{path} is truncated or does not match this code")
        if any(len(head.weights) != model.head_size for head in heads.values()):
            raise ValueError(f"{path} has a kind head that does not match this code")
        return model


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0
