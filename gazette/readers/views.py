"""A reader's data: ask by e-mail, then download it or have it erased.

The address is proven by a link mailed to it (valid for an hour); a signed-in
reader's account address needs no mail. The request page answers the same
whether or not Gazette knows the address, so it reveals nothing.
"""

from __future__ import annotations

import json

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
from gazette.core.privacy import ip_hash
from gazette.readers import services

PAGE = "readers/page.html"


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


@require_http_methods(["GET", "POST"])
def request_data(request: HttpRequest) -> HttpResponse:
    """Ask for one's data: the link goes to the address given."""
    account_email = str(getattr(request.user, "email", "") or "")
    if request.user.is_authenticated and account_email:
        return redirect("readers:data", token=services.token_for(account_email))
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
    link = _absolute(reverse("readers:data", args=[services.token_for(email)]))
    context = {"link": link, "site_name": settings.WAGTAIL_SITE_NAME}
    send_mail(
        subject=_("Your data at %(site)s") % {"site": settings.WAGTAIL_SITE_NAME},
        message=render_to_string("readers/mail/link.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[email],
    )
    return render(request, PAGE, {"sent": True})


def _email_or_invalid(request: HttpRequest, token: str) -> str | HttpResponse:
    email = services.email_from(token)
    if email is None:
        return render(request, PAGE, {"invalid": True}, status=400)
    return email


def data(request: HttpRequest, token: str) -> HttpResponse:
    """What Gazette holds, with the download and erasure buttons."""
    email = _email_or_invalid(request, token)
    if isinstance(email, HttpResponse):
        return email
    summary = services.summary_for(email)
    return render(request, PAGE, {"email": email, "summary": summary, "token": token})


def download(request: HttpRequest, token: str) -> HttpResponse:
    email = _email_or_invalid(request, token)
    if isinstance(email, HttpResponse):
        return email
    return data_download(email, "my-gazette-data.json")


def data_download(email: str, filename: str) -> HttpResponse:
    """The reader's data as a JSON attachment that no cache keeps."""
    body = json.dumps(services.data_for(email), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def erase(request: HttpRequest, token: str) -> HttpResponse:
    email = _email_or_invalid(request, token)
    if isinstance(email, HttpResponse):
        return email
    if request.POST.get("confirm") != "yes":
        summary = services.summary_for(email)
        context = {
            "email": email,
            "summary": summary,
            "token": token,
            "error": _("Tick the box to confirm: erasure cannot be undone."),
        }
        return render(request, PAGE, context, status=400)
    erased = services.erase(
        email, remove_comments=request.POST.get("comments") == "remove"
    )
    return render(request, PAGE, {"erased": erased})
