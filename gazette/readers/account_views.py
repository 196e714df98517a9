"""Signing in and out, and the reader's own page at /account/."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gazette.core import ratelimit
from gazette.core.privacy import ip_hash
from gazette.readers import (
    holders,
    names,
    passkeys,
    providers,
    selectors,
    services,
    sessions,
    signin,
)
from gazette.readers.errors import DisplayNameError, SignInError

SIGN_IN = "readers/sign_in.html"


def _next(request: HttpRequest) -> str:
    """Where to go after signing in: a path on this site, or the account page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) and target.startswith("/"):
        return target
    return reverse("readers:account")


def _page(request: HttpRequest, status: int = 200, **context: object) -> HttpResponse:
    context.setdefault("next", _next(request))
    context.setdefault("providers", providers.listed(request))
    return render(request, SIGN_IN, context, status=status)


def _refused(
    request: HttpRequest,
    error: SignInError | ratelimit.RateLimited,
    **context: object,
) -> HttpResponse:
    if isinstance(error, SignInError):
        return _page(request, error.status, error=error.message, **context)
    response = _page(request, 429, error=str(error), **context)
    response["Retry-After"] = str(error.retry_after)
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    """Ask for the mail; then the page where its code goes."""
    if request.method != "POST":
        return _page(request, ask=True)
    raw = request.POST.get("email", "")
    try:
        email = signin.clean_email(raw)
        signin.mail_sign_in(email, network=ip_hash(request))
    except (SignInError, ratelimit.RateLimited) as error:
        return _refused(request, error, ask=True, email=raw)
    return _page(request, sent=True, email=email)


@require_POST
def sign_in_code(request: HttpRequest) -> HttpResponse:
    raw = request.POST.get("email", "")
    try:
        email = signin.clean_email(raw)
        signin.redeem_code(email, request.POST.get("code", ""))
        signin.sign_in(request, email, how="code")
    except (SignInError, ratelimit.RateLimited) as error:
        return _refused(request, error, sent=True, email=raw)
    return _signed_in(request)


@require_http_methods(["GET", "HEAD", "POST"])
def sign_in_link(request: HttpRequest, token: str) -> HttpResponse:
    """GET only asks (mail scanners open links); the reader's POST signs in."""
    try:
        if request.method != "POST":
            return _page(request, confirm=True, email=signin.link_email(token))
        signin.sign_in(request, signin.redeem_link(token), how="link")
    except SignInError as error:
        return _refused(request, error, expired=True)
    return _signed_in(request)


def _signed_in(request: HttpRequest) -> HttpResponse:
    """Where a reader goes once signed in: on, or first to choose their name."""
    target, page = _next(request), reverse("readers:account")
    if names.display_name(request.user) is None and target != page:
        return redirect(f"{page}?{urlencode({'next': target})}")
    return redirect(target)


def _account(request: HttpRequest, status: int = 200, **context: Any) -> HttpResponse:
    context.setdefault("name", names.display_name(request.user) or "")
    context["next"] = _next(request)
    context["next_given"] = bool(request.POST.get("next") or request.GET.get("next"))
    context["reader"] = request.user
    who = holders.Who.of(str(getattr(request.user, "email", "")))
    context["parts"] = holders.page_parts(who, request, page="account_page")
    context["sessions"] = sessions.listed(request)
    context["methods"] = selectors.sign_in_methods(request.user)
    context["passkeys"] = passkeys.listed(request.user)
    return render(request, "readers/account.html", context, status=status)


@require_http_methods(["GET", "HEAD"])
def account(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(
            f"{reverse('readers:sign_in')}?next={reverse('readers:account')}"
        )
    return _account(request)


@require_POST
def account_name(request: HttpRequest) -> HttpResponse:
    """Choose or change the name shown with the reader's comments."""
    if not request.user.is_authenticated:
        return redirect(reverse("readers:sign_in"))
    raw = request.POST.get("display_name", "")
    try:
        names.set_display_name(request.user, raw)
    except DisplayNameError as error:
        return _account(request, 400, error=error.message, name=raw)
    if request.POST.get("next"):
        return redirect(_next(request))
    return _account(request, saved=True)


@require_POST
def account_erase(request: HttpRequest) -> HttpResponse:
    """Erase the account and what it holds; nothing without the tick."""
    if not request.user.is_authenticated:
        return redirect(reverse("readers:sign_in"))
    if request.POST.get("confirm") != "yes":
        return _account(
            request,
            400,
            error=_("Tick the box to confirm: erasure cannot be undone."),
        )
    user = request.user
    erased = services.account_erase(
        user, remove_comments=request.POST.get("comments") == "remove"
    )
    logout(request)
    context = {"erased": erased, "account_erased": True}
    return render(request, "readers/page.html", context)


def _remove_one(
    request: HttpRequest,
    pk: int,
    remove: Callable[[Any, int], bool],
    *,
    gone: str,
    done: str,
) -> HttpResponse:
    """Remove one thing of the reader's (a session, a passkey), only theirs."""
    if not request.user.is_authenticated:
        return redirect(reverse("readers:sign_in"))
    if not remove(request.user, pk):
        return _account(request, 404, error=gone)
    return _account(request, **{done: True})


@require_POST
def account_session_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End one of the reader's other sessions (a device they lost, say)."""
    gone = _("That session has ended already.")
    return _remove_one(request, pk, sessions.end, gone=gone, done="ended")


@require_POST
def account_passkey_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove one of the reader's passkeys."""
    gone = _("That passkey is gone already.")
    return _remove_one(request, pk, passkeys.remove, gone=gone, done="passkey_removed")


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect(reverse("readers:sign_in") + "?signed_out=1")


@require_POST
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    """End every session of this account, this one too."""
    if request.user.is_authenticated:
        signin.end_sessions(request.user)
    logout(request)
    return redirect(reverse("readers:sign_in") + "?signed_out=all")
