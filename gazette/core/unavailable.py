"""When the database is briefly gone (a restart, a fail-over): 503, not 500.

The request did nothing (its transaction could not commit), so the reader is
told to try again in a moment, with ``Retry-After``. Connections are checked
before reuse (``CONN_HEALTH_CHECKS``), so the next request after the database
returns gets a fresh one; no app server needs a restart.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)
RETRY_AFTER = "5"


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("Database unavailable for %s: %s", request.path, exception)
        message = _("The site is busy for a moment; nothing was saved. Try again.")
        if request.path.startswith("/api/"):
            body = json.dumps({"detail": message, "code": "unavailable", "errors": {}})
            response = HttpResponse(body, status=503, content_type="application/json")
        else:
            response = HttpResponse(message, status=503, content_type="text/plain")
        response["Retry-After"] = RETRY_AFTER
        return response
