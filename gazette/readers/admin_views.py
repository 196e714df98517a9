"""Staff answer a reader's request by e-mail: look up, download, erase.

Only people who may manage user accounts (``auth.change_user``) see it: the
page shows donations as well as comments.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from gazette.readers import services
from gazette.readers.views import data_download

PERMISSION = "auth.change_user"


def _email(raw: str) -> str | None:
    try:
        validate_email(raw.strip())
    except ValidationError:
        return None
    return raw.strip().lower()


@require_safe
@permission_required(PERMISSION, raise_exception=True)
def lookup(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("email", "")
    email = _email(raw) if raw else None
    context = {
        "email": email or raw,
        "invalid": bool(raw) and email is None,
        "summary": services.summary_for(email) if email else None,
    }
    return render(request, "readers/admin/lookup.html", context)


@require_safe
@permission_required(PERMISSION, raise_exception=True)
def download(request: HttpRequest) -> HttpResponse:
    email = _email(request.GET.get("email", ""))
    if email is None:
        return HttpResponse(_("Give a valid e-mail address."), status=400)
    return data_download(email, "reader-data.json")


@require_POST
@permission_required(PERMISSION, raise_exception=True)
def erase(request: HttpRequest) -> HttpResponse:
    email = _email(request.POST.get("email", ""))
    back = reverse("reader_data") + "?" + urlencode({"email": email or ""})
    if email is None or request.POST.get("confirm") != "yes":
        messages.error(request, _("Confirm the erasure of a valid address."))
        return redirect(back)
    erased = services.erase(
        email,
        remove_comments=request.POST.get("comments") == "remove",
        actor=request.user,
    )
    messages.success(
        request,
        _("Erased: %(c)d comments, %(s)d subscriptions, %(d)d donations.")
        % {"c": erased.comments, "s": erased.subscriptions, "d": erased.donations},
    )
    return redirect(back)
