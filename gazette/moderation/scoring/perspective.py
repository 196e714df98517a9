"""An optional adapter for Google's Perspective API (off by default).

Turn it on with ``GAZETTE_TOXICITY_SCORER=gazette.moderation.scoring.perspective
.PerspectiveScorer`` and ``GAZETTE_PERSPECTIVE_API_KEY``. Comments then leave
the server, which is why a newsroom has to choose it. If the API cannot be
reached, the bundled model scores the comment instead, so posting never fails
because a third party is down.
"""

from __future__ import annotations

import logging

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from gazette.moderation.scoring import LinearScorer

log = logging.getLogger(__name__)


# Perspective's attributes for Gazette's kinds of harm.
ATTRIBUTES = {
    "attack": "INSULT",
    "identity": "IDENTITY_ATTACK",
    "threat": "THREAT",
    "profanity": "PROFANITY",
    "sexual": "SEXUALLY_EXPLICIT",
}


class PerspectiveScorer:
    """Asks Perspective for its attributes; falls back to the local model."""

    name = "perspective"
    languages = None  # Perspective reads many; it says so when it cannot

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        session: requests.Session | None = None,
        timeout: float | None = None,
    ) -> None:
        self.api_key = api_key or settings.GAZETTE_PERSPECTIVE_API_KEY
        if not self.api_key:
            raise ImproperlyConfigured(
                "GAZETTE_PERSPECTIVE_API_KEY is required for the Perspective scorer."
            )
        self.base_url = (base_url or settings.GAZETTE_PERSPECTIVE_API_BASE).rstrip("/")
        self.session = session or requests.Session()
        self.timeout = timeout or settings.GAZETTE_PERSPECTIVE_TIMEOUT
        self.fallback = LinearScorer()

    def _analyze(self, text: str, attributes: list[str]) -> dict[str, float]:
        response = self.session.post(
            f"{self.base_url}/v1alpha1/comments:analyze",
            params={"key": self.api_key},
            json={
                "comment": {"text": text},
                "requestedAttributes": {name: {} for name in attributes},
                "doNotStore": True,
            },
            timeout=self.timeout,
        )
        response.raise_for_status()
        found = response.json()["attributeScores"]
        return {
            name: min(1.0, max(0.0, float(value["summaryScore"]["value"])))
            for name, value in found.items()
        }

    def score(self, text: str) -> float:
        try:
            return self._analyze(text, ["TOXICITY"])["TOXICITY"]
        except (requests.RequestException, KeyError, TypeError, ValueError) as error:
            log.warning("Perspective failed (%s); scored locally instead", error)
            return self.fallback.score(text)

    def kind_scores(self, text: str) -> dict[str, float]:
        """Perspective's attributes as kinds; TOXICITY stands in for a missing one."""
        try:
            found = self._analyze(text, ["TOXICITY", *ATTRIBUTES.values()])
            overall = found["TOXICITY"]
        except (requests.RequestException, KeyError, TypeError, ValueError) as error:
            log.warning("Perspective failed (%s); scored locally instead", error)
            return self.fallback.kind_scores(text)
        return {
            kind: found.get(name, overall if kind == "attack" else 0.0)
            for kind, name in ATTRIBUTES.items()
        }

    def flagged(self, text: str, kind: str = "") -> list[str]:
        return self.fallback.flagged(text, kind)
