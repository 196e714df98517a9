"""Fixtures for funding: a drive, a fake Stripe server, signed webhook posts."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client

from gazette.funding.models import Drive
from gazette.funding.tests import factories
from gazette.funding.tests.fake_stripe import (
    SECRET_KEY,
    WEBHOOK_SECRET,
    FakeStripe,
    FakeStripeServer,
    signature,
)

WEBHOOK = "/api/v1/payments/stripe/webhook"
PostEvent = Callable[..., Any]


@pytest.fixture
def stripe_fake(settings: Any) -> Iterator[FakeStripe]:
    """Stripe's API on loopback, with Gazette configured to use it."""
    with FakeStripeServer() as fake:
        settings.STRIPE_SECRET_KEY = SECRET_KEY
        settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
        settings.STRIPE_API_BASE = fake.base_url
        yield fake


@pytest.fixture
def drive(db: None) -> Drive:
    return factories.drive()


@pytest.fixture
def post_event(
    stripe_fake: FakeStripe, django_capture_on_commit_callbacks: Any
) -> PostEvent:
    """POST a signed event to the real webhook endpoint; returns the response.

    What follows the commit (fresh totals, the receipt) runs before it returns.
    """

    def post(
        event: dict[str, Any], *, client: Client | None = None, **sign: Any
    ) -> Any:
        payload = json.dumps(event).encode()
        with django_capture_on_commit_callbacks(execute=True):
            return (client or Client()).post(
                WEBHOOK,
                payload,
                content_type="application/json",
                HTTP_STRIPE_SIGNATURE=signature(payload, **sign),
            )

    return post
