"""django-allauth's hooks for Gazette's readers."""

from __future__ import annotations

import secrets
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from gazette.readers import holders, names


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Accounts begin at a reader's first sign-in by mail (``signin``),
        never through allauth's password sign-up form."""
        return False

    def generate_unique_username(self, txts: Any, regex: Any = None) -> str:
        """A reader's username is never shown: a random one leaks nothing."""
        return "reader-" + secrets.token_hex(6)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Signing in with a provider (OpenID Connect, GitHub), Gazette's way.

    A provider's reader gets an account of their own at their first sign-in,
    as a site's do by single sign-on. The address the provider gives goes with
    it only when no other account holds it: otherwise it opens that account
    only for a provider the newsroom trusts with addresses (``trust_email``)
    and that says it verified the address; else the new account has none.
    Staff never sign in this way, and banned readers not at all.
    """

    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        return True

    def is_auto_signup_allowed(self, request: HttpRequest, sociallogin: Any) -> bool:
        return True

    def pre_social_login(self, request: HttpRequest, sociallogin: Any) -> None:
        existing = sociallogin.is_existing
        user = sociallogin.user if existing else _held_by_address(sociallogin)
        if user is None:
            return
        refusal = holders.refusal_for(user)
        if refusal:
            raise ImmediateHttpResponse(_refused(request, refusal))
        if not existing:
            sociallogin.connect(request, user)

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider: Any,
        error: Any = None,
        exception: Any = None,
        extra_context: Any = None,
    ) -> None:
        """Back to Gazette's sign-in page, which says what happened."""
        message = (
            _("You cancelled signing in with %(provider)s.")
            if error == "cancelled"
            else _("Signing in with %(provider)s did not work. Try again, or by mail.")
        )
        raise ImmediateHttpResponse(
            _refused(request, message % {"provider": provider.name})
        )


def _trusted(sociallogin: Any) -> bool:
    app = getattr(sociallogin.account.get_provider(), "app", None)
    return bool(app and (app.settings or {}).get("trust_email"))


def _held_by_address(sociallogin: Any) -> Any:
    """The account that holds an address the provider gives, if the newsroom
    trusts the provider with addresses and both sides verified it. An address
    held by another account is otherwise dropped: the new account has none."""
    for address in list(sociallogin.email_addresses):
        held = (
            EmailAddress.objects.select_related("user")
            .filter(email__iexact=address.email)
            .first()
        )
        if held is None:
            continue
        if _trusted(sociallogin) and address.verified and held.verified:
            return held.user
        sociallogin.email_addresses = []
        sociallogin.user.email = ""
        return None
    return None


def _refused(request: HttpRequest, message: str) -> HttpResponse:
    context = {"error": message, "next": "", "ask": True}
    return render(request, "readers/sign_in.html", context, status=403)


class MFAAdapter(DefaultMFAAdapter):
    """allauth.mfa for passkeys that are a way in of their own."""

    def is_mfa_enabled(self, user: Any, types: Any = None) -> bool:
        """Never a second factor: a reader with a passkey still signs in by
        mail alone, and allauth's login asks for nothing more."""
        return False

    def get_public_key_credential_rp_entity(self) -> dict[str, str]:
        """The newsroom's name on the reader's device, not the host's."""
        entity = super().get_public_key_credential_rp_entity()
        entity["name"] = settings.WAGTAIL_SITE_NAME
        return entity

    def get_public_key_credential_user_entity(self, user: Any) -> dict[str, Any]:
        """What the reader's device shows for the passkey: their address and
        name, not the random username."""
        entity = super().get_public_key_credential_user_entity(user)
        email = str(user.email or "")
        entity["name"] = email or entity["name"]
        entity["display_name"] = names.display_name(user) or email
        return entity
