"""Why an import stopped. Nothing of it was written."""

from __future__ import annotations

from gazette.core.errors import DomainError


class ImportFailed(DomainError):
    status = 400
    code = "import_failed"

    def __init__(self, message: str, *, line: int | None = None) -> None:
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)
