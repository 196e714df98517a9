"""The payment provider behind a small Protocol; Stripe is the real one.

Tests point ``STRIPE_API_BASE`` at a fake Stripe server on loopback (the HTTP
boundary), or pass their own ``http_client``; nothing else is faked.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

import stripe
from django.conf import settings

from gazette.funding import money
from gazette.funding.errors import BadSignature, DonationsUnavailable, ProviderFailed

logger = logging.getLogger(__name__)

INTERVALS = {"monthly": "month", "yearly": "year"}


@dataclass(frozen=True)
class CheckoutRequest:
    """What the donor asked for, ready to become a hosted checkout page."""

    donation_id: int
    amount: Decimal
    currency: str
    frequency: str
    product_name: str
    email: str
    success_url: str
    cancel_url: str


@dataclass(frozen=True)
class CheckoutSession:
    id: str
    url: str


class PaymentGateway(Protocol):
    def checkout_create(self, request: CheckoutRequest) -> CheckoutSession: ...

    def invoice_payment_intent(self, invoice_id: str) -> str: ...

    def event_verify(self, payload: bytes, signature: str) -> dict[str, Any]: ...

    def portal_create(self, customer_id: str, return_url: str) -> str: ...


def configured() -> bool:
    """Whether donations can be taken online (the Stripe keys are set)."""
    return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_WEBHOOK_SECRET)


def live() -> bool:
    """Whether the site runs on Stripe's live keys (not test keys)."""
    return settings.STRIPE_SECRET_KEY.startswith(("sk_live_", "rk_live_"))


class StripeGateway:
    """Stripe Checkout Sessions and signed webhooks, through the ``stripe`` SDK."""

    def __init__(self, http_client: stripe.HTTPClient | None = None) -> None:
        self._http_client = http_client

    def _client(self) -> stripe.StripeClient:
        if not configured():
            raise DonationsUnavailable(
                "Online donations are not configured on this site yet."
            )
        return stripe.StripeClient(
            settings.STRIPE_SECRET_KEY,
            stripe_version=settings.STRIPE_API_VERSION,
            base_addresses={"api": settings.STRIPE_API_BASE},
            max_network_retries=2,
            http_client=self._http_client,
        )

    def checkout_create(self, request: CheckoutRequest) -> CheckoutSession:
        """A hosted Checkout page; the same donation always gets the same session."""
        client = self._client()
        try:
            session = client.v1.checkout.sessions.create(
                params=_session_params(request),  # type: ignore[arg-type]
                options={"idempotency_key": f"gazette-donation-{request.donation_id}"},
            )
        except stripe.StripeError as error:
            logger.warning("Stripe refused a checkout session: %s", error)
            raise ProviderFailed(
                "The payment provider could not start the payment; try again soon."
            ) from error
        if not session.url:
            raise ProviderFailed("The payment provider returned no checkout page.")
        return CheckoutSession(id=session.id, url=session.url)

    def invoice_payment_intent(self, invoice_id: str) -> str:
        """The payment intent that paid an invoice (Stripe no longer inlines it)."""
        client = self._client()
        payments = client.v1.invoice_payments.list(
            params={"invoice": invoice_id, "limit": 1}
        )
        for item in payments.data:
            return str(item.payment.payment_intent or "")
        return ""

    def portal_create(self, customer_id: str, return_url: str) -> str:
        """Stripe's customer portal for one donor: change the card, stop a gift."""
        client = self._client()
        try:
            session = client.v1.billing_portal.sessions.create(
                params={"customer": customer_id, "return_url": return_url}
            )
        except stripe.StripeError as error:
            logger.warning("Stripe refused a portal session: %s", error)
            raise ProviderFailed(
                "The payment provider could not open your gifts' page; try again soon."
            ) from error
        if not session.url:
            raise ProviderFailed("The payment provider returned no page.")
        return str(session.url)

    def event_verify(self, payload: bytes, signature: str) -> dict[str, Any]:
        """The event, if Stripe signed it with our secret within the tolerance."""
        secret = settings.STRIPE_WEBHOOK_SECRET
        if not secret:
            raise DonationsUnavailable("No webhook secret is configured.")
        if not signature.isascii() or len(signature) > 4096:
            raise BadSignature("The Stripe-Signature header cannot be read.")
        try:
            text = payload.decode("utf-8")
            stripe.WebhookSignature.verify_header(
                text, signature, secret, settings.STRIPE_WEBHOOK_TOLERANCE
            )
            event = json.loads(text)
        except (stripe.SignatureVerificationError, UnicodeError, TypeError) as error:
            raise BadSignature(
                "The Stripe-Signature header does not match this payload."
            ) from error
        except ValueError as error:
            raise BadSignature("The payload is not JSON.") from error
        if not isinstance(event, dict) or not isinstance(event.get("data"), dict):
            raise BadSignature("The payload is not a Stripe event.")
        return event


def _session_params(request: CheckoutRequest) -> dict[str, Any]:
    price: dict[str, Any] = {
        "currency": request.currency.lower(),
        "unit_amount": money.to_minor(request.amount, request.currency),
        "product_data": {"name": request.product_name},
    }
    metadata = {"gazette_donation": str(request.donation_id)}
    params: dict[str, Any] = {
        "success_url": request.success_url,
        "cancel_url": request.cancel_url,
        "customer_email": request.email,
        "client_reference_id": str(request.donation_id),
        "metadata": metadata,
        "line_items": [{"quantity": 1, "price_data": price}],
    }
    interval = INTERVALS.get(request.frequency)
    if interval:
        price["recurring"] = {"interval": interval}
        params["mode"] = "subscription"
        params["subscription_data"] = {"metadata": metadata}
    else:
        params["mode"] = "payment"
        params["payment_intent_data"] = {"metadata": metadata}
        params["submit_type"] = "donate"
    return params


def gateway() -> PaymentGateway:
    """The gateway settings name (``GAZETTE_PAYMENT_GATEWAY``), made once."""
    from gazette.core.plugins import instance

    return instance(settings.GAZETTE_PAYMENT_GATEWAY)  # type: ignore[no-any-return]
