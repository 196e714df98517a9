"""Mailed links: confirm a subscription, unsubscribe (one click), manage them all.

A link's GET only shows a page with a button (mail scanners open links); the
POST acts. Unsubscribing accepts the RFC 8058 one-click POST from mail clients,
which carries no CSRF token, so that one view is exempt: its signed token is
the proof.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from gazette.discussion import identity
from gazette.notifications import services, tokens


def _invalid(request: HttpRequest) -> HttpResponse:
    return render(request, "notifications/page.html", {"invalid": True}, status=400)


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    subscription_id = tokens.read(token, "confirm")
    if not isinstance(subscription_id, int):
        return _invalid(request)
    if request.method != "POST":
        return render(request, "notifications/page.html", {"ask": "confirm"})
    found = services.subscription_confirm(subscription_id=subscription_id)
    if found is None:
        return _invalid(request)
    response = render(
        request, "notifications/page.html", {"done": "confirmed", "subscription": found}
    )
    # Opening the mailed link proved the address: comments posted from this
    # browser with it count as verified.
    identity.remember_proven_email(request, response, found.email)
    return response


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    subscription_id = tokens.read(token, "unsubscribe")
    if not isinstance(subscription_id, int):
        return _invalid(request)
    if request.method != "POST":
        return render(request, "notifications/page.html", {"ask": "unsubscribe"})
    services.subscription_cancel(subscription_id=subscription_id)
    return render(request, "notifications/page.html", {"done": "unsubscribed"})


@require_http_methods(["GET", "HEAD", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    """Every thread one address follows, each with a button to stop."""
    email = tokens.read(token, "manage")
    if not isinstance(email, str):
        return _invalid(request)
    if request.method == "POST":
        for subscription in services.subscriptions_of(email).filter(
            pk__in=[int(v) for v in request.POST.getlist("stop") if v.isdigit()]
        ):
            services.subscription_cancel(subscription_id=subscription.pk)
    return render(
        request,
        "notifications/manage.html",
        {"subscriptions": list(services.subscriptions_of(email)), "token": token},
    )
