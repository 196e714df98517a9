"""Brute force on the admin's sign-in: failed attempts are counted per network
and per account name, and past ``GAZETTE_RATELIMIT_ADMIN_LOGIN`` (per network;
five times that per account name) sign-ins are refused until the window ends,
with 429 and Retry-After. A right password does not get through either, so
guessing gains nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from gazette.core import ratelimit
from gazette.core.privacy import ip_hash

ACCOUNT_FACTOR = 5


def _limits(
    request: HttpRequest, username: str
) -> list[tuple[str, str, ratelimit.Rate]]:
    rate = ratelimit.Rate.parse(settings.GAZETTE_RATELIMIT_ADMIN_LOGIN)
    name = hashlib.sha256(username.strip().lower().encode()).hexdigest()
    return [
        ("signin-network", ip_hash(request), rate),
        (
            "signin-account",
            name,
            ratelimit.Rate(rate.count * ACCOUNT_FACTOR, rate.seconds),
        ),
    ]


@receiver(user_login_failed, dispatch_uid="gazette-count-failed-signins")
def count_failure(
    sender: Any,
    credentials: dict[str, Any],
    request: HttpRequest | None = None,
    **kwargs: Any,
) -> None:
    if request is None:
        return
    for scope, key, rate in _limits(request, str(credentials.get("username", ""))):
        ratelimit.record(scope=scope, key=key, rate=rate)


class SignInThrottle:
    """Middleware: refuse sign-in POSTs from a network or for an account name
    that has failed too often."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.paths: set[str] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.paths is None:
            self.paths = {reverse("wagtailadmin_login"), reverse("admin:login")}
        if request.method == "POST" and request.path in self.paths:
            try:
                for scope, key, rate in _limits(
                    request, request.POST.get("username", "")
                ):
                    ratelimit.check(scope=scope, key=key, rate=rate)
            except ratelimit.RateLimited as limited:
                minutes = max(1, round(limited.retry_after / 60))
                response = HttpResponse(
                    _("Too many failed sign-ins. Try again in %(n)d minutes.")
                    % {"n": minutes},
                    status=429,
                    content_type="text/plain; charset=utf-8",
                )
                response["Retry-After"] = str(limited.retry_after)
                return response
        return self.get_response(request)
