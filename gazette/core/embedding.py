"""Pages that other sites may frame: the full policy, with their frame-ancestors."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse


def allow_framing(response: HttpResponse) -> HttpResponse:
    """Let Gazette itself and ``GAZETTE_EMBED_ORIGINS`` frame ``response``.

    Only ``frame-ancestors`` changes: the rest of the site's Content Security
    Policy (scripts by nonce, no plug-ins, no foreign connections) still
    applies, and these pages need it most, since they show readers' words
    inside other sites.
    """
    response._csp_replace = {  # type: ignore[attr-defined]
        "frame-ancestors": ["'self'", *settings.GAZETTE_EMBED_ORIGINS]
    }
    return response
