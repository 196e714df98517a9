"""Funding's pages: the drive and its support form, thanks, and the embed.

The support form works without JavaScript: it posts here, and we answer with
a redirect to the provider's hosted Checkout page.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from gazette.core.embedding import allow_framing
from gazette.core.errors import DomainError
from gazette.core.numbers import parse_id
from gazette.core.privacy import ip_hash
from gazette.core.ratelimit import RateLimited
from gazette.discussion.identity import my_comments
from gazette.funding import badges, gateway, selectors, services
from gazette.funding.errors import DriveNotFound, FundingError
from gazette.funding.models import Donation, Drive
from gazette.funding.services import portal
from gazette.funding.services.checkout import Pledge
from gazette.readers import identity

_CHECKBOXES = ("anonymous", "wall", "badge")


def _drive_or_404(slug: str) -> Drive:
    try:
        return selectors.drive_get(slug)
    except DriveNotFound as error:
        raise Http404(error.message) from error


def _pledge(post: Any) -> Pledge:
    preset = post.get("preset", "")
    amount = post.get("amount_other", "") if preset in ("", "other") else preset
    return Pledge(
        amount=str(amount)[:20],
        frequency=post.get("frequency", Donation.Frequency.ONE_TIME),
        name=post.get("name", ""),
        email=post.get("email", "").strip(),
        anonymous=post.get("anonymous") == "on",
        on_wall=post.get("wall") == "on",
        supporter_badge=post.get("badge") == "on",
        message=post.get("message", ""),
        article_id=parse_id(post.get("article")),
        honeypot=post.get("website", ""),
    )


def _drive_page(
    request: HttpRequest,
    drive: Drive,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    message: str = "",
    status: int = 200,
) -> HttpResponse:
    values = values or {
        "frequency": Donation.Frequency.ONE_TIME,
        "article": parse_id(request.GET.get("from")) or "",
        "wall": "on",
    }
    context = {
        "drive": drive,
        "bar": selectors.goal_bar(drive),
        "wall": selectors.donor_wall(drive),
        "presets": selectors.preset_amounts(drive),
        "frequencies": Donation.Frequency.choices,
        "configured": gateway.configured(),
        "values": values,
        "errors": errors or {},
        "message": message,
        "cancelled": request.GET.get("cancelled") == "1",
    }
    return render(request, "funding/drive.html", context, status=status)


@require_safe
def support(request: HttpRequest) -> HttpResponse:
    """``/support/``: the featured drive, or the newest open one."""
    drive = selectors.drive_featured() or selectors.drives_open().first()
    if drive is None:
        return render(request, "funding/no_drive.html", status=404)
    return redirect(drive.get_absolute_url())


@require_http_methods(["GET", "HEAD", "POST"])
def drive(request: HttpRequest, slug: str) -> HttpResponse:
    """The drive's page: the goal bar, its story, the form, the donor wall."""
    found = _drive_or_404(slug)
    if request.method != "POST":
        return _drive_page(request, found)
    values = {key: request.POST.get(key, "") for key in request.POST}
    for box in _CHECKBOXES:
        values.setdefault(box, "")
    try:
        session = services.checkout_start(
            drive=found,
            pledge=_pledge(request.POST),
            ip_hash=ip_hash(request),
            base_url=request.build_absolute_uri("/"),
        )
    except RateLimited as error:
        response = _drive_page(
            request, found, values=values, message=str(error), status=429
        )
        response["Retry-After"] = str(error.retry_after)
        return response
    except DomainError as error:
        return _drive_page(
            request,
            found,
            values=values,
            errors=error.errors,
            message=error.message,
            status=error.status,
        )
    return HttpResponseRedirect(session.url, status=303)


@require_safe
def thanks(request: HttpRequest, slug: str) -> HttpResponse:
    """Where Checkout sends the donor back; the webhook may not have come yet."""
    found = _drive_or_404(slug)
    donation = selectors.donation_by_session(request.GET.get("session_id", ""))
    if donation is not None and donation.drive_id != found.pk:
        donation = None
    return render(
        request,
        "funding/thanks.html",
        {"drive": found, "donation": donation, "bar": selectors.goal_bar(found)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def badge(request: HttpRequest, token: str) -> HttpResponse:
    """The receipt's link: prove the address, and show the badge on comments.

    GET only asks (mail scanners open links); the reader's POST confirms.
    """
    email = identity.email_from_proof(token, spend=request.method == "POST")
    if email is None:
        return render(request, "funding/badge.html", {"invalid": True}, status=400)
    if request.method != "POST":
        return render(request, "funding/badge.html", {"token": token})
    badges.badge_confirm(email=email, comment_ids=my_comments(request))
    response = render(request, "funding/badge.html", {"done": True})
    identity.remember_proven_email(request, response, email)
    return response


@require_safe
@xframe_options_exempt
def embed(request: HttpRequest, slug: str) -> HttpResponse:
    """The goal bar inside other sites: no cookies, framed only where allowed."""
    try:
        found = selectors.drive_get(slug)
    except DriveNotFound as error:
        return HttpResponse(error.message, status=404, content_type="text/plain")
    response = render(
        request,
        "funding/embed.html",
        {"drive": found, "bar": selectors.goal_bar(found)},
    )
    return allow_framing(response)


@require_POST
def gift_manage(request: HttpRequest, donation_id: int) -> HttpResponse:
    """The signed-in donor's recurring gift, in Stripe's customer portal."""
    if not request.user.is_authenticated:
        return redirect("readers:sign_in")
    back = request.build_absolute_uri(reverse("readers:account"))
    try:
        url = portal.portal_url(
            donation_id=donation_id,
            email=str(getattr(request.user, "email", "")),
            return_url=back,
        )
    except FundingError as error:
        return render(
            request,
            "funding/gift_manage.html",
            {"error": error.message},
            status=error.status,
        )
    return redirect(url)
