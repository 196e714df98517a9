"""Mailed links: confirm a subscription, unsubscribe (one click), manage them all.

A link's GET only shows a page with a button (mail scanners open links); the
POST acts. Unsubscribing accepts the RFC 8058 one-click POST from mail clients,
which carries no CSRF token, so that one view is exempt: its signed token is
the proof.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from gazette.core import numbers
from gazette.core.errors import DomainError
from gazette.core.privacy import ip_hash
from gazette.core.ratelimit import RateLimited
from gazette.notifications import services, tokens
from gazette.readers import identity


def _invalid(request: HttpRequest) -> HttpResponse:
    return render(request, "notifications/page.html", {"invalid": True}, status=400)


@require_POST
def follow(request: HttpRequest) -> HttpResponse:
    """Follow a thread without commenting (the form under every thread)."""
    user = request.user
    account_email = getattr(user, "email", "") if user.is_authenticated else ""
    email = account_email or request.POST.get("email", "").strip()
    try:
        subscription = services.thread_follow(
            thread_key=request.POST.get("thread", ""),
            email=email,
            kind=request.POST.get("kind", ""),
            verified=bool(account_email)
            or email.lower() in identity.proven_emails(request),
            ip_hash=ip_hash(request),
        )
    except RateLimited as error:
        return render(
            request, "notifications/page.html", {"problem": str(error)}, status=429
        )
    except DomainError as error:
        return render(
            request,
            "notifications/page.html",
            {"problem": error.message},
            status=error.status,
        )
    done = "following" if subscription.confirmed_at else "check_inbox"
    return render(
        request, "notifications/page.html", {"done": done, "subscription": subscription}
    )


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The double opt-in link: GET asks, the reader's POST confirms, once."""
    if request.method != "POST":
        if tokens.read(token, "confirm") is None:
            return _invalid(request)
        return render(request, "notifications/page.html", {"ask": "confirm"})
    subscription_id = tokens.read(token, "confirm", spend=True)
    if not isinstance(subscription_id, int):
        return _invalid(request)
    found = services.subscription_confirm(subscription_id=subscription_id)
    if found is None:
        return _invalid(request)
    response = render(
        request, "notifications/page.html", {"done": "confirmed", "subscription": found}
    )
    # Opening the mailed link proved the address: comments posted from this
    # browser with it count as verified. The link is spent, so it proves the
    # address to this one browser only.
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
            pk__in=[
                number
                for value in request.POST.getlist("stop")
                if (number := numbers.parse_id(value)) is not None
            ]
        ):
            services.subscription_cancel(subscription_id=subscription.pk)
    return render(
        request,
        "notifications/manage.html",
        {"subscriptions": list(services.subscriptions_of(email)), "token": token},
    )


@require_POST
def account_stop(request: HttpRequest) -> HttpResponse:
    """A signed-in reader stops following a thread from their account page."""
    email = str(getattr(request.user, "email", "") or "")
    if not request.user.is_authenticated or not email:
        return redirect("readers:sign_in")
    subscription_id = numbers.parse_id(request.POST.get("stop", "")) or 0
    mine = services.subscriptions_of(email).filter(pk=subscription_id).first()
    if mine is None:
        return render(request, "notifications/page.html", {"invalid": True}, status=404)
    services.subscription_cancel(subscription_id=mine.pk)
    return redirect("readers:account")
