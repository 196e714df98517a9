"""The funding JSON API (django-ninja), mounted under /api/v1/."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.http import HttpRequest, JsonResponse
from ninja import Field, Router, Schema

from gazette.core.http import require_json
from gazette.core.numbers import MAX_ID
from gazette.core.privacy import ip_hash
from gazette.funding import gateway, selectors, services
from gazette.funding.services.checkout import Pledge

router = Router(tags=["funding"])
logger = logging.getLogger(__name__)


class ErrorOut(Schema):
    detail: str
    code: str
    errors: dict[str, str] = {}


ERRORS: dict[int, Any] = {
    400: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    429: ErrorOut,
    502: ErrorOut,
    503: ErrorOut,
}


class DriveOut(Schema):
    slug: str
    title: str
    url: str
    currency: str
    goal: str
    raised: dict[str, str] = Field(
        description="Amount raised per currency; currencies are never summed."
    )
    percent: float = Field(description="Raised in the drive's currency, of the goal.")
    donors: int
    starts_at: datetime
    ends_at: datetime | None
    featured: bool
    open: bool


class CheckoutIn(Schema):
    amount: str = Field(max_length=20, examples=["25.00"])
    frequency: str = Field("one_time", description="one_time, monthly or yearly")
    name: str = Field("", max_length=1000)
    email: str = Field(max_length=1000)
    anonymous: bool = False
    wall: bool = Field(False, description="List the donor on the drive's donor wall.")
    badge: bool = Field(False, description="Show a Supporter badge on comments.")
    message: str = Field("", max_length=5000)
    article_id: int | None = Field(None, ge=1, le=MAX_ID)


class CheckoutOut(Schema):
    checkout_url: str


class WebhookOut(Schema):
    received: bool
    outcome: str


@router.get("/drives", response={200: list[DriveOut]})
def drives(request: HttpRequest) -> Any:
    """Drives taking donations now, with what each has raised."""
    return [selectors.drive_data(drive) for drive in selectors.drives_open()]


@router.get("/drives/{slug}", response={200: DriveOut, **ERRORS})
def drive(request: HttpRequest, slug: str) -> Any:
    """One drive: goal, raised per currency, number of donors."""
    return selectors.drive_data(selectors.drive_get(slug))


@router.post("/drives/{slug}/checkout", response={200: CheckoutOut, **ERRORS})
def checkout(request: HttpRequest, slug: str, payload: CheckoutIn) -> Any:
    """Start a donation; send the donor to ``checkout_url`` to pay."""
    require_json(request)
    session = services.checkout_start(
        drive=selectors.drive_get(slug),
        pledge=Pledge(
            amount=payload.amount,
            frequency=payload.frequency,
            name=payload.name,
            email=payload.email,
            anonymous=payload.anonymous,
            on_wall=payload.wall,
            supporter_badge=payload.badge,
            message=payload.message,
            article_id=payload.article_id,
        ),
        ip_hash=ip_hash(request),
        base_url=request.build_absolute_uri("/"),
    )
    return {"checkout_url": session.url}


@router.post(
    "/payments/stripe/webhook",
    response={200: WebhookOut, 400: ErrorOut, 500: ErrorOut, 503: ErrorOut},
)
def stripe_webhook(request: HttpRequest) -> Any:
    """Stripe's events, signature-verified; each is applied once."""
    event = gateway.gateway().event_verify(
        request.body, request.headers.get("Stripe-Signature", "")
    )
    try:
        outcome = services.event_process(event=event)
    except Exception:
        logger.exception("Stripe event %s failed; Stripe will retry", event.get("id"))
        return JsonResponse(
            {
                "detail": "The event could not be processed; send it again later.",
                "code": "retry",
                "errors": {},
            },
            status=500,
        )
    return {"received": True, "outcome": outcome}
