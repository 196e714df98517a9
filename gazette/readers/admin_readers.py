"""*Readers* in the admin: accounts that are not staff, for moderators.

Staff with ``readers.view_profile`` (the Comment moderators) find readers by
name and see their account's state, sign-in methods and what they hold;
addresses show masked unless they also have ``readers.view_reader_email``.
Secrets (tokens, codes, passwords) are never shown.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from gazette.readers import selectors, signin


@require_safe
@permission_required(selectors.SEE, raise_exception=True)
def index(request: HttpRequest) -> HttpResponse:
    with_email = request.user.has_perm(selectors.SEE_EMAIL)
    query = request.GET.get("q", "")
    found = selectors.reader_search(query, with_email=with_email)
    page = Paginator(found, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        (user, selectors.mask(user.email) if not with_email else user.email)
        for user in page.object_list
    ]
    context = {"page": page, "rows": rows, "query": query, "with_email": with_email}
    return render(request, "readers/admin/readers.html", context)


@require_safe
@permission_required(selectors.SEE, raise_exception=True)
def detail(request: HttpRequest, user_id: int) -> HttpResponse:
    user = get_object_or_404(selectors.readers(), pk=user_id)
    with_email = request.user.has_perm(selectors.SEE_EMAIL)
    view = selectors.reader_view(user, with_email=with_email)
    return render(request, "readers/admin/reader.html", {"reader": view})


@require_POST
@permission_required("auth.change_user", raise_exception=True)
def end_sessions(request: HttpRequest, user_id: int) -> HttpResponse:
    user = get_object_or_404(selectors.readers(), pk=user_id)
    signin.end_sessions(user)
    messages.success(request, _("Every session of this account has ended."))
    return redirect("readers_admin_detail", user_id=user.pk)
