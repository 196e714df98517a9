"""Passkeys: a reader signed in once adds one, and signs in with it after.

WebAuthn with discoverable credentials: the device offers the reader's
passkey without being told who they are. allauth.mfa keeps the credentials
(its ``Authenticator``) and runs the fido2 server, whose challenge waits in
the session between the two steps; the pages and the flow are Gazette's, and
a passkey is a way in of its own, never a second factor. Adding one needs a
sign-in of the last few minutes: a session stolen later cannot plant one.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from allauth.account.utils import perform_login
from allauth.mfa.models import Authenticator
from allauth.mfa.webauthn.internal import auth
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from gazette.core.db import write_transaction
from gazette.core.errors import DomainError
from gazette.readers import holders, sessions

FRESH = timedelta(minutes=15)
MAX_NAME = 60
MAX_PASSKEYS = 10


class PasskeyError(DomainError):
    code = "passkey"


class PasskeyRefused(PasskeyError):
    status = 403


def _fresh(request: HttpRequest) -> None:
    last = request.user.last_login  # type: ignore[union-attr]
    if last is None or timezone.now() - last > FRESH:
        raise PasskeyRefused(
            _(
                "To add a passkey, sign in again by mail first: it takes a sign-in"
                " of the last 15 minutes."
            )
        )


def registration_options(request: HttpRequest) -> dict[str, Any]:
    """What the browser needs to make a passkey for the signed-in reader."""
    _fresh(request)
    if Authenticator.objects.filter(user=request.user).count() >= MAX_PASSKEYS:
        raise PasskeyError(_("An account holds at most 10 passkeys."))
    options: dict[str, Any] = auth.begin_registration(request.user, passwordless=True)
    return options


def add(request: HttpRequest, name: object, credential: object) -> Authenticator:
    """Keep the passkey the browser made, once its answer checks out."""
    _fresh(request)
    label = " ".join(name.split())[:MAX_NAME] if isinstance(name, str) else ""
    if not isinstance(credential, dict):
        raise PasskeyError(_("Send the passkey the browser made."))
    try:
        auth.complete_registration(credential)
    except Exception:  # a stranger's JSON: fido2 fails on it in many ways
        raise PasskeyError(_("The passkey could not be added. Try again.")) from None
    with write_transaction():
        added = auth.WebAuthn.add(
            request.user,
            label or _("Passkey"),
            credential,
        ).instance
    return added


def authentication_options() -> dict[str, Any]:
    """A challenge for any of this site's passkeys (the device picks one)."""
    options: dict[str, Any] = auth.begin_authentication(None)
    return options


def sign_in(request: HttpRequest, credential: object) -> Any:
    """Sign in with the passkey the device offered; PasskeyError if not ours."""
    if not isinstance(credential, dict):
        raise PasskeyError(_("Send the passkey's answer."))
    try:
        user = auth.extract_user_from_response(credential)
        authenticator = auth.complete_authentication(user, credential)
    except Exception:  # a stranger's JSON: fido2 fails on it in many ways
        raise PasskeyError(
            _("That passkey is not one this site knows, or the sign-in expired.")
        ) from None
    refused = holders.refusal_for(user)
    if refused:
        raise PasskeyRefused(refused)
    perform_login(request, user)
    if not request.user.is_authenticated:
        raise PasskeyRefused(_("This account may not sign in."))
    authenticator.record_usage()
    sessions.record(request, user, how="passkey")
    return user


def listed(user: Any) -> list[dict[str, Any]]:
    return [
        {
            "pk": a.pk,
            "name": a.data.get("name") or _("Passkey"),
            "created_at": a.created_at,
            "last_used_at": a.last_used_at,
        }
        for a in Authenticator.objects.filter(
            user=user, type=Authenticator.Type.WEBAUTHN
        ).order_by("created_at", "pk")
    ]


def remove(user: Any, pk: int) -> bool:
    """Remove one of the account's passkeys; False when it is not theirs."""
    return bool(Authenticator.objects.filter(user=user, pk=pk).delete()[0])
