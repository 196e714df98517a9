"""A fake of Stripe's servers on loopback, and properly signed webhook events.

Only Stripe is faked, at the HTTP boundary: Gazette's own ``stripe`` SDK calls
reach this server through ``STRIPE_API_BASE``, and its webhook endpoint gets
events signed exactly as Stripe signs them (``t=…,v1=HMAC-SHA256``).
"""

from __future__ import annotations

import hashlib
import hmac
import html
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

SECRET_KEY = "sk_test_gazette"  # noqa: S105 (a test key for the fake)
WEBHOOK_SECRET = "whsec_gazette_test"  # noqa: S105
_ids = itertools.count(1)


def new_id(prefix: str) -> str:
    return f"{prefix}_test_{next(_ids):06d}"


@dataclass
class Call:
    method: str
    path: str
    params: dict[str, str]
    headers: dict[str, str]


@dataclass
class FakeStripe:
    """What the fake received, and how it should answer next."""

    base_url: str = ""
    calls: list[Call] = field(default_factory=list)
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)
    by_idempotency_key: dict[str, dict[str, Any]] = field(default_factory=dict)
    invoice_intents: dict[str, str] = field(default_factory=dict)
    portals: dict[str, dict[str, Any]] = field(default_factory=dict)
    fail_with: int | None = None

    def checkout_calls(self) -> list[Call]:
        return [c for c in self.calls if c.path == "/v1/checkout/sessions"]

    def answer(self, call: Call) -> tuple[int, dict[str, Any]]:
        self.calls.append(call)
        if self.fail_with is not None:
            return self.fail_with, {
                "error": {"type": "api_error", "message": "The fake is failing."}
            }
        if call.method == "POST" and call.path == "/v1/checkout/sessions":
            return 200, self._session(call)
        if call.method == "POST" and call.path == "/v1/billing_portal/sessions":
            portal_id = new_id("bps")
            portal = {
                "id": portal_id,
                "object": "billing_portal.session",
                "customer": call.params.get("customer"),
                "return_url": call.params.get("return_url"),
                "url": f"{self.base_url}/portal/{portal_id}",
            }
            self.portals[portal_id] = portal
            return 200, portal
        if call.method == "GET" and call.path == "/v1/invoice_payments":
            return 200, self._invoice_payments(call.params.get("invoice", ""))
        return 404, {"error": {"type": "invalid_request_error", "message": "no route"}}

    def _session(self, call: Call) -> dict[str, Any]:
        key = call.headers.get("idempotency-key", "")
        if key and key in self.by_idempotency_key:
            return self.by_idempotency_key[key]
        session_id = new_id("cs")
        session = {
            "id": session_id,
            "object": "checkout.session",
            "url": f"{self.base_url}/pay/{session_id}",
            "mode": call.params.get("mode"),
            "metadata": {
                "gazette_donation": call.params.get("metadata[gazette_donation]")
            },
            "amount_total": int(
                call.params.get("line_items[0][price_data][unit_amount]", "0")
            ),
            "currency": call.params.get("line_items[0][price_data][currency]"),
        }
        self.sessions[session_id] = session
        if key:
            self.by_idempotency_key[key] = session
        return session

    def _invoice_payments(self, invoice: str) -> dict[str, Any]:
        intent = self.invoice_intents.get(invoice)
        data = (
            [
                {
                    "id": new_id("inpay"),
                    "object": "invoice_payment",
                    "invoice": invoice,
                    "payment": {"type": "payment_intent", "payment_intent": intent},
                }
            ]
            if intent
            else []
        )
        return {
            "object": "list",
            "data": data,
            "has_more": False,
            "url": "/v1/invoice_payments",
        }


def _handler(fake: FakeStripe) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _reply(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _call(self, method: str) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode() if length else ""
            params = dict(parse_qsl(parts.query or body, keep_blank_values=True))
            headers = {k.lower(): v for k, v in self.headers.items()}
            if parts.path.startswith("/pay/"):
                session = fake.sessions.get(parts.path.removeprefix("/pay/"), {})
                amount = f"{session.get('amount_total')} {session.get('currency')}"
                page = (
                    "<!DOCTYPE html><html lang='en'><title>Fake Checkout</title>"
                    f"<h1>Fake Stripe Checkout</h1><p id='amount'>{amount}</p></html>"
                )
                self._reply(200, page.encode(), "text/html; charset=utf-8")
                return
            if parts.path.startswith("/portal/"):
                portal = fake.portals.get(parts.path.removeprefix("/portal/"), {})
                page = (
                    "<!DOCTYPE html><html lang='en'><title>Fake portal</title>"
                    "<h1>Fake Stripe customer portal</h1>"
                    f"<p id='customer'>{html.escape(str(portal.get('customer')))}</p>"
                    f"<a href='{html.escape(str(portal.get('return_url')))}'>"
                    "Return to the newsroom</a></html>"
                )
                self._reply(200, page.encode(), "text/html; charset=utf-8")
                return
            status, answer = fake.answer(Call(method, parts.path, params, headers))
            self._reply(status, json.dumps(answer).encode(), "application/json")

        def do_GET(self) -> None:
            self._call("GET")

        def do_POST(self) -> None:
            self._call("POST")

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


class FakeStripeServer:
    """``with FakeStripeServer() as fake:`` serves on a free loopback port."""

    def __init__(self) -> None:
        self.fake = FakeStripe()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.fake))
        self.fake.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FakeStripe:
        self._thread.start()
        return self.fake

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def signature(
    payload: bytes, *, secret: str = WEBHOOK_SECRET, at: int | None = None
) -> str:
    """The ``Stripe-Signature`` header Stripe would send with ``payload``."""
    timestamp = int(time.time()) if at is None else at
    signed = f"{timestamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def event(kind: str, obj: dict[str, Any], *, livemode: bool = False) -> dict[str, Any]:
    """A Stripe event wrapping ``obj`` (the API version Gazette pins)."""
    return {
        "id": new_id("evt"),
        "object": "event",
        "api_version": "2026-10-28.endive",
        "created": int(time.time()),
        "livemode": livemode,
        "type": kind,
        "data": {"object": obj},
    }


def session_completed(
    donation_id: int,
    *,
    session_id: str,
    amount: int,
    currency: str = "usd",
    payment_status: str = "paid",
    payment_intent: str | None = None,
    subscription: str | None = None,
    invoice: str | None = None,
    customer: str | None = None,
    kind: str = "checkout.session.completed",
) -> dict[str, Any]:
    return event(
        kind,
        {
            "id": session_id,
            "object": "checkout.session",
            "mode": "subscription" if subscription else "payment",
            "amount_total": amount,
            "currency": currency,
            "payment_status": payment_status,
            "payment_intent": payment_intent,
            "subscription": subscription,
            "invoice": invoice,
            "customer": customer,
            "livemode": False,
            "metadata": {"gazette_donation": str(donation_id)},
            "customer_details": {"email": "donor@example.org"},
        },
    )


def invoice(
    kind: str,
    *,
    invoice_id: str,
    subscription: str,
    donation_id: int | None,
    amount: int,
    billing_reason: str = "subscription_cycle",
    payment_intent: str | None = None,
    currency: str = "usd",
) -> dict[str, Any]:
    """``invoice.paid`` or ``invoice.payment_failed`` for a subscription."""
    metadata = {"gazette_donation": str(donation_id)} if donation_id else {}
    obj: dict[str, Any] = {
        "id": invoice_id,
        "object": "invoice",
        "amount_paid": amount if kind == "invoice.paid" else 0,
        "amount_due": amount,
        "currency": currency,
        "billing_reason": billing_reason,
        "livemode": False,
        "parent": {
            "type": "subscription_details",
            "subscription_details": {
                "subscription": subscription,
                "metadata": metadata,
            },
        },
    }
    if payment_intent:
        obj["payments"] = {
            "object": "list",
            "data": [
                {
                    "payment": {
                        "type": "payment_intent",
                        "payment_intent": payment_intent,
                    }
                }
            ],
        }
    return event(kind, obj)


def charge_refunded(
    *, payment_intent: str, amount: int, refunded: int, currency: str = "usd"
) -> dict[str, Any]:
    return event(
        "charge.refunded",
        {
            "id": new_id("ch"),
            "object": "charge",
            "amount": amount,
            "amount_refunded": refunded,
            "refunded": refunded >= amount,
            "currency": currency,
            "payment_intent": payment_intent,
        },
    )


def dispute(
    kind: str, *, payment_intent: str, amount: int, status: str = "needs_response"
) -> dict[str, Any]:
    return event(
        kind,
        {
            "id": new_id("dp"),
            "object": "dispute",
            "amount": amount,
            "currency": "usd",
            "charge": new_id("ch"),
            "payment_intent": payment_intent,
            "status": status,
        },
    )


def subscription_deleted(subscription: str) -> dict[str, Any]:
    return event(
        "customer.subscription.deleted",
        {"id": subscription, "object": "subscription", "status": "canceled"},
    )
