"""What Schemathesis checks of every answer, in process and against a live server."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
)

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
# Reproducible runs that neither keep examples between runs nor stop on slowness.
HYPOTHESIS: dict[str, Any] = {
    "deadline": None,
    "derandomize": True,
    "database": None,
    "suppress_health_check": list(HealthCheck),
}
