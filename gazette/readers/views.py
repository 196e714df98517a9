"""A reader's data: ask by e-mail, then download it or have it erased.

The address is proven by a link mailed to it (valid for an hour, once); a
signed-in reader's account address needs no mail. The link's GET shows one
button (mail scanners open links); its POST spends the link and opens the
reader's data in that browser's session for an hour. The request page
answers the same whether or not Gazette knows the address, so it reveals
nothing.
"""

from __future__ import annotations

import json
import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gazette.core import ratelimit
from gazette.core.links import absolute
from gazette.core.privacy import ip_hash
from gazette.readers import holders, services

PAGE = "readers/page.html"
SESSION_KEY = "gazette_reader_data"


@require_http_methods(["GET", "POST"])
def request_data(request: HttpRequest) -> HttpResponse:
    """Ask for one's data: the link goes to the address given."""
    account_email = str(getattr(request.user, "email", "") or "")
    if request.user.is_authenticated and account_email:
        return _open(request, account_email)
    if request.method == "GET":
        return render(request, PAGE, {"ask": True})
    email = request.POST.get("email", "").strip()
    try:
        validate_email(email)
    except ValidationError:
        return render(
            request,
            PAGE,
            {"ask": True, "error": _("Enter your e-mail address."), "email": email},
            status=400,
        )
    try:
        ratelimit.hit(
            scope="reader-data",
            key=ip_hash(request),
            rate=ratelimit.Rate.parse(settings.GAZETTE_RATELIMIT_DATA_REQUESTS),
        )
    except ratelimit.RateLimited as limited:
        return render(request, PAGE, {"ask": True, "error": str(limited)}, status=429)
    link = absolute(reverse("readers:data", args=[services.token_for(email)]))
    context = {"link": link, "site_name": settings.WAGTAIL_SITE_NAME}
    send_mail(
        subject=_("Your data at %(site)s") % {"site": settings.WAGTAIL_SITE_NAME},
        message=render_to_string("readers/mail/link.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[email],
    )
    return render(request, PAGE, {"sent": True})


def _open(request: HttpRequest, email: str) -> HttpResponse:
    """Let this browser's session see ``email``'s data for the next hour."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = {
        "email": email.strip().lower(),
        "until": time.time() + services.TOKEN_AGE,
    }
    return redirect("readers:yours")


def _session_email(request: HttpRequest) -> str | None:
    opened = request.session.get(SESSION_KEY)
    if not isinstance(opened, dict) or not isinstance(opened.get("email"), str):
        return None
    if not isinstance(opened.get("until"), float) or opened["until"] < time.time():
        return None
    return str(opened["email"])


def _invalid(request: HttpRequest) -> HttpResponse:
    return render(request, PAGE, {"invalid": True}, status=400)


@require_http_methods(["GET", "HEAD", "POST"])
def data(request: HttpRequest, token: str) -> HttpResponse:
    """The mailed link: GET asks, POST spends the link and opens the data."""
    if request.method != "POST":
        if services.email_from(token) is None:
            return _invalid(request)
        return render(request, PAGE, {"open": True, "token": token})
    email = services.email_from(token, spend=True)
    if email is None:
        return _invalid(request)
    return _open(request, email)


@require_http_methods(["GET", "HEAD"])
def yours(request: HttpRequest) -> HttpResponse:
    """What Gazette holds, with the download and erasure buttons."""
    email = _session_email(request)
    if email is None:
        return _invalid(request)
    summary = services.summary_for(email)
    parts = holders.page_parts(holders.Who.of(email), request)
    return render(request, PAGE, {"email": email, "summary": summary, "parts": parts})


@require_http_methods(["GET", "HEAD"])
def download(request: HttpRequest) -> HttpResponse:
    email = _session_email(request)
    if email is None:
        return _invalid(request)
    return data_download(email, "my-gazette-data.json")


def data_download(email: str, filename: str) -> HttpResponse:
    """The reader's data as a JSON attachment that no cache keeps."""
    body = json.dumps(services.data_for(email), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def erase(request: HttpRequest) -> HttpResponse:
    email = _session_email(request)
    if email is None:
        return _invalid(request)
    if request.POST.get("confirm") != "yes":
        summary = services.summary_for(email)
        context = {
            "email": email,
            "summary": summary,
            "error": _("Tick the box to confirm: erasure cannot be undone."),
        }
        return render(request, PAGE, context, status=400)
    erased = services.erase(
        email, remove_comments=request.POST.get("comments") == "remove"
    )
    request.session.pop(SESSION_KEY, None)
    return render(request, PAGE, {"erased": erased})
