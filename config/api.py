"""The JSON API at /api/v1/: one NinjaAPI, a router per app, errors mapped once."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from gazette.core.errors import DomainError
from gazette.core.ratelimit import RateLimited
from gazette.discussion.api import router as discussion_router
from gazette.discussion.errors import Reconsider
from gazette.funding.api import router as funding_router
from gazette.moderation.api import router as moderation_router

api = NinjaAPI(
    title="Gazette API",
    version="1",
    description="Comments, counts and donation drives of a Gazette newsroom.",
    urls_namespace="api",
    docs_url="/docs",
)
api.add_router("/", discussion_router)
api.add_router("/", moderation_router)
api.add_router("/", funding_router)


@csrf_exempt
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any path under /api/v1/ that names no endpoint, whatever the method.

    An id that is not one (``/comments/AAA``, ``/comments/99999999999999999999``)
    lands here too: the path converters refuse it.
    """
    return JsonResponse(
        {"detail": _("There is no such API endpoint or object."), "code": "not_found"},
        status=404,
    )


def _error(
    request: HttpRequest, status: int, detail: str, code: str, **extra: Any
) -> HttpResponse:
    return api.create_response(
        request, {"detail": detail, "code": code, **extra}, status=status
    )


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, error: DomainError) -> HttpResponse:
    extra: dict[str, Any] = {"errors": error.errors}
    if isinstance(error, Reconsider):
        extra["flagged"] = list(error.flagged)
    return _error(request, error.status, error.message, error.code, **extra)


@api.exception_handler(RateLimited)
def rate_limited(request: HttpRequest, error: RateLimited) -> HttpResponse:
    response = _error(request, 429, str(error), "rate_limited")
    response["Retry-After"] = str(error.retry_after)
    return response


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, error: ValidationError) -> HttpResponse:
    fields: dict[str, str] = {}
    for problem in error.errors:
        location = [
            str(part)
            for part in problem.get("loc", ())
            if part not in ("body", "payload", "query")
        ]
        fields[".".join(location) or "body"] = str(problem.get("msg", "invalid"))
    return _error(
        request, 400, _("Some fields are missing or invalid."), "invalid", errors=fields
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    """Ninja's own errors (an unreadable body, for one) in the same shape as ours."""
    if error.status_code == 400:
        return _error(
            request, 400, _("The request body is not valid JSON."), "invalid_json"
        )
    return _error(request, error.status_code, str(error), "error")
