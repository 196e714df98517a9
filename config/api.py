"""The JSON API at /api/v1/: one NinjaAPI, a router per app, errors mapped once."""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from ninja.parser import Parser

from gazette.core.errors import DomainError
from gazette.core.ratelimit import RateLimited
from gazette.discussion.api import router as discussion_router
from gazette.discussion.errors import Reconsider
from gazette.funding.api import router as funding_router
from gazette.moderation.api import router as moderation_router
from gazette.readers.api import router as readers_router

# OpenAPI links: what a client (or Schemathesis's stateful run) may do next
# with the comment a post returns. Operation ids are ninja's: module_function.
_POST = "gazette_discussion_api_comment_post"
_WITH_COMMENT = {"comment_id": "$response.body#/comment/id"}
LINKS: dict[tuple[str, str], dict[str, dict[str, Any]]] = {
    ("/api/v1/threads/{key}/comments", "post"): {
        "ReadTheThread": {
            "operationId": "gazette_discussion_api_thread_comments",
            "parameters": {"key": "$request.path.key"},
        },
        "EditTheComment": {
            "operationId": "gazette_discussion_api_comment_edit",
            "parameters": _WITH_COMMENT,
            "requestBody": {
                "text": "Edited through a link.",
                "edit_token": "$response.body#/edit_token",
            },
        },
        "DeleteTheComment": {
            "operationId": "gazette_discussion_api_comment_delete",
            "parameters": _WITH_COMMENT,
        },
        "VoteOnTheComment": {
            "operationId": "gazette_discussion_api_comment_vote",
            "parameters": _WITH_COMMENT,
        },
        "ReportTheComment": {
            "operationId": "gazette_moderation_api_comment_flag",
            "parameters": _WITH_COMMENT,
        },
        "ReplyToTheComment": {
            "operationId": _POST,
            "parameters": {"key": "$request.path.key"},
            "requestBody": {
                "text": "A reply through a link.",
                "author_name": "Linked reader",
                "parent_id": "$response.body#/comment/id",
            },
        },
    },
}


class TextParser(Parser):
    """JSON bodies whose every string can be stored, rendered and mailed.

    JSON may spell a lone UTF-16 surrogate (``"\\ud800"``), which Python
    decodes into a string no database, page or mail can encode: saved, it
    would break every read of its thread. Such a body is refused whole, and so
    is one nested deeper than Python's parser goes.
    """

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        try:
            data: dict[str, Any] = super().parse_body(request)
        except RecursionError:  # "[[[[…" past Python's nesting limit
            raise DomainError(_("The request body is nested too deeply.")) from None
        if _has_surrogate(data):
            raise DomainError(_("The request holds text that is not valid Unicode."))
        return data


def _has_surrogate(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


_SURROGATE = re.compile("[\ud800-\udfff]")


class GazetteAPI(NinjaAPI):
    """Ninja's API, with the OpenAPI links between operations added."""

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        for (path, method), links in LINKS.items():
            operation = schema["paths"][path][method]
            status = min(code for code in operation["responses"] if int(code) < 300)
            operation["responses"][status]["links"] = links
        return schema


api = GazetteAPI(
    parser=TextParser(),
    title="Gazette API",
    version="1",
    description="Comments, counts and donation drives of a Gazette newsroom.",
    urls_namespace="api",
    docs_url="/docs",
)
api.add_router("/", discussion_router)
api.add_router("/", moderation_router)
api.add_router("/", funding_router)
api.add_router("/", readers_router)


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
        extra["kind"] = error.kind
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
    if isinstance(error.__cause__, DomainError):  # our parser's refusal
        return domain_error(request, error.__cause__)
    if error.status_code == 400:
        return _error(
            request, 400, _("The request body is not valid JSON."), "invalid_json"
        )
    return _error(request, error.status_code, str(error), "error")
