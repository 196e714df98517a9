"""Sentence embeddings of the training rows, computed once and kept on disk.

Embedding 110,000 comments takes the better part of an hour on two cores,
so ``.train-cache/`` (ignored by git) keeps them, keyed by a hash of the
texts: a rerun of ``make train-moderation`` on the same data reuses them.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from gazette.moderation.scoring import encoder

CACHE = Path(__file__).resolve().parents[3] / ".train-cache"
_CHUNK = 256


def _encode_chunk(texts: list[str]) -> Any:
    return encoder.encode(texts).astype(np.float16)


def embeddings(texts: Sequence[str], *, workers: int | None = None) -> Any:
    """An (n, 384) float16 array, from the cache when the same texts were seen."""
    digest = hashlib.sha256("\0".join(map(encoder.clip, texts)).encode()).hexdigest()
    path = CACHE / f"e5-{digest[:20]}.npy"
    if path.exists():
        return np.load(path)
    workers = workers or max(1, (os.cpu_count() or 1))
    chunks = [list(texts[i : i + _CHUNK]) for i in range(0, len(texts), _CHUNK)]
    parts = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for done, part in enumerate(pool.map(_encode_chunk, chunks), 1):
            parts.append(part)
            if done % 20 == 0:
                print(f"  embedded {done * _CHUNK} of {len(texts)}", flush=True)
    found = np.concatenate(parts) if parts else np.zeros((0, encoder.DIMS))
    CACHE.mkdir(exist_ok=True)
    np.save(path, found)
    return found
