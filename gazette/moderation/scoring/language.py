"""Which language a comment is written in, offline.

``py3langid`` ships its model (97 languages, a few MB, NumPy only). A short
comment says little about its language ("lol", "bla bla bla"), so a comment
is only taken to be in another language than the site's when it has a few
words and the detector is confident; otherwise it is in the site's language.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from django.conf import settings

MIN_WORDS = 4
MIN_CONFIDENCE = 0.9
MODELLED = ("en", "es")  # the languages a bundled scorer reads
_WORD = re.compile(r"[^\W\d_]{2,}")
_lock = threading.Lock()
_identifier: Any = None


def site_language() -> str:
    return str(settings.LANGUAGE_CODE).split("-")[0].lower()


def _detector() -> Any:
    global _identifier
    with _lock:
        if _identifier is None:
            from py3langid.langid import (  # type: ignore[import-untyped]
                MODEL_FILE,
                LanguageIdentifier,
            )

            _identifier = LanguageIdentifier.from_model_file(
                MODEL_FILE, norm_probs=True
            )
        return _identifier


def load() -> None:
    """Load the detector's model now rather than on the first comment."""
    _detector()


def detect(text: str) -> str:
    """A two-letter language code: the comment's, or the likeliest one we read.

    Confident (``MIN_CONFIDENCE``): that language, whichever it is. Unsure:
    the likeliest of the site's language and the languages Gazette has
    models for (short Spanish comments often look a little Italian or
    Galician too).
    """
    if len(_WORD.findall(text)) < MIN_WORDS:
        return site_language()
    ranked = _detector().rank(text[:2000])
    language, confidence = ranked[0]
    if confidence >= MIN_CONFIDENCE:
        return str(language)
    candidates = {site_language(), *MODELLED}
    return next(
        (str(lang) for lang, _p in ranked if lang in candidates), site_language()
    )
