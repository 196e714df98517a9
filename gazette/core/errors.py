"""The base of every app's domain errors; ``config/api.py`` maps them to HTTP."""

from __future__ import annotations


class DomainError(Exception):
    """Base class: ``status`` is the HTTP status; ``message`` is for the reader."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}
