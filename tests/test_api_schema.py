"""Schemathesis against /api/v1/openapi.json: no 5xx, no answer off the schema.

Every operation of the public API is called with requests generated from the
document, valid and invalid, through the real Django application on the test
database, where an article with a comment exists so lookups can succeed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import given, settings
from schemathesis.core.result import Ok

from gazette.discussion import services
from gazette.funding.tests import factories as funding
from gazette.funding.tests.fake_stripe import (
    SECRET_KEY,
    WEBHOOK_SECRET,
    FakeStripeServer,
)
from tests.schema_checks import CHECKS, HYPOTHESIS

EXAMPLES = 40
SCHEMA = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


def _operations() -> dict[str, Any]:
    """Each operation of the document; an operation it cannot describe fails."""
    found = {}
    for result in SCHEMA.get_all_operations():
        if not isinstance(result, Ok):
            raise result.err()
        operation = result.ok()
        found[f"{operation.method.upper()} {operation.path}"] = operation
    return found


OPERATIONS = _operations()


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """As Django's test client does: the test's transaction outlives requests."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _stripe(settings: Any) -> Iterator[None]:
    """Donations set up, against Stripe's API faked on loopback."""
    with FakeStripeServer() as fake:
        settings.STRIPE_SECRET_KEY = SECRET_KEY
        settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
        settings.STRIPE_API_BASE = fake.base_url
        yield


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_the_api_answers_generated_requests_within_its_schema(
    name: str, article: Any
) -> None:
    services.comment_create(
        services.CommentRequest(
            thread_key=f"page-{article.pk}",
            text="A comment to vote on",
            author_name="A",
        )
    )
    funding.drive()
    operation = OPERATIONS[name]

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, **HYPOTHESIS)
    def call(case: Any) -> None:
        case.call_and_validate(checks=CHECKS)

    call()


def test_every_operation_of_the_contract_is_exercised() -> None:
    assert {
        "GET /api/v1/threads/{key}/comments",
        "POST /api/v1/threads/{key}/comments",
        "PATCH /api/v1/comments/{comment_id}",
        "DELETE /api/v1/comments/{comment_id}",
        "POST /api/v1/comments/{comment_id}/votes",
        "POST /api/v1/comments/{comment_id}/flags",
        "GET /api/v1/counts",
        "POST /api/v1/drives/{slug}/checkout",
        "POST /api/v1/payments/stripe/webhook",
    } <= set(OPERATIONS)
