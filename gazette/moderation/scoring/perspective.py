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


class PerspectiveScorer:
    """Asks Perspective for the TOXICITY attribute; falls back to the local model."""

    name = "perspective"

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

    def score(self, text: str) -> float:
        try:
            response = self.session.post(
                f"{self.base_url}/v1alpha1/comments:analyze",
                params={"key": self.api_key},
                json={
                    "comment": {"text": text},
                    "requestedAttributes": {"TOXICITY": {}},
                    "doNotStore": True,
                },
                timeout=self.timeout,
            )
            response.raise_for_status()
            value = response.json()["attributeScores"]["TOXICITY"]["summaryScore"]
            return min(1.0, max(0.0, float(value["value"])))
        except (requests.RequestException, KeyError, TypeError, ValueError) as error:
            log.warning("Perspective failed (%s); scored locally instead", error)
            return self.fallback.score(text)

    def flagged(self, text: str) -> list[str]:
        return self.fallback.flagged(text)
