"""Signing in with a provider: the ones the newsroom turned on, and what follows.

Providers are django-allauth's (``openid_connect`` for any issuer, and
GitHub), configured by ``GAZETTE_OIDC_PROVIDERS`` and ``GAZETTE_GITHUB_*`` or
as social applications in the Django admin. ``SocialAccountAdapter`` decides
which account a provider's reader opens; this module lists the buttons and,
once a reader is in, notes the session and a first name for the account.
"""

from __future__ import annotations

from typing import Any

from allauth.socialaccount.adapter import get_adapter
from django.http import HttpRequest

from gazette.readers import names, sessions
from gazette.readers.errors import DisplayNameError


def listed(request: HttpRequest) -> list[dict[str, str]]:
    """Each provider turned on: its name and where its button posts."""
    return [
        {"name": provider.name, "url": provider.get_login_url(request)}
        for provider in get_adapter().list_providers(request)
    ]


def signed_in(request: HttpRequest, user: Any, sociallogin: Any) -> None:
    """After a provider's sign-in: the session's row, and a name if none."""
    provider = sociallogin.account.get_provider()
    sessions.record(request, user, how=f"provider:{provider.name}")
    if names.display_name(user) is not None:
        return
    data = sociallogin.account.extra_data or {}
    for candidate in (data.get("name"), user.get_full_name(), data.get("login")):
        if isinstance(candidate, str) and candidate.strip():
            try:
                names.set_display_name(user, candidate)
            except DisplayNameError:
                continue  # taken, or unusable: the reader chooses one
            return
