"""A database that is briefly gone answers 503 with Retry-After, never 500."""

from __future__ import annotations

import json

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.test import RequestFactory

from gazette.core.unavailable import DatabaseUnavailableMiddleware

middleware = DatabaseUnavailableMiddleware(lambda request: HttpResponse())


def test_the_api_says_to_try_again() -> None:
    request = RequestFactory().post("/api/v1/threads/a/comments")

    response = middleware.process_exception(
        request, OperationalError("server closed the connection unexpectedly")
    )

    assert response is not None
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert json.loads(response.content)["code"] == "unavailable"


def test_pages_say_so_in_plain_words() -> None:
    response = middleware.process_exception(
        RequestFactory().get("/"), InterfaceError("connection already closed")
    )

    assert response is not None
    assert response.status_code == 503
    assert b"nothing was saved" in response.content


def test_other_errors_are_left_to_django() -> None:
    assert middleware.process_exception(RequestFactory().get("/"), KeyError()) is None
