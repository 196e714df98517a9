"""Signing in by mail: one message with a link and a 6-digit code.

The link opens a page with one button, and only its POST signs in (mail
scanners open links). The code is for a reader whose mail is on another
device, or inside an app's browser. Both are good once, for
``GAZETTE_SIGN_IN_MINUTES``; a code takes ``GAZETTE_SIGN_IN_TRIES`` tries.
Every address gets the same mail, whether or not it has an account: the first
sign-in creates it, and the mail is what proves the address. See decision 0022.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from allauth.account.utils import perform_login
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from gazette.core import ratelimit
from gazette.core.db import write_transaction
from gazette.core.links import absolute
from gazette.readers import holders, sessions
from gazette.readers.adapter import AccountAdapter
from gazette.readers.errors import SignInError
from gazette.readers.models import SignInRequest

CODE_DIGITS = 6
MAX_EMAIL = 254


@dataclass(frozen=True)
class Mailed:
    """What goes into the mail; never stored as it is."""

    token: str
    code: str


def clean_email(raw: object) -> str:
    """The address, trimmed and lower-cased; SignInError if it is not one."""
    email = raw.strip().lower() if isinstance(raw, str) else ""
    try:
        if len(email) > MAX_EMAIL:
            raise ValidationError("too long")
        validate_email(email)
    except ValidationError:
        raise SignInError(
            _("Enter your e-mail address."),
            errors={"email": _("Enter a valid e-mail address.")},
        ) from None
    return email


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def _code_hash(request_id: int, code: str) -> str:
    return salted_hmac(
        "gazette.readers.sign-in-code", f"{request_id}:{code}", algorithm="sha256"
    ).hexdigest()


def check_rate(*, email: str, network: str) -> None:
    """Sign-in mails per network and per address; RateLimited past either."""
    ratelimit.hit(
        scope="sign-in-ip",
        key=network,
        rate=ratelimit.Rate.parse(settings.GAZETTE_RATELIMIT_SIGN_IN_IP),
    )
    ratelimit.hit(
        scope="sign-in-email",
        key=hashlib.sha256(email.encode()).hexdigest(),
        rate=ratelimit.Rate.parse(settings.GAZETTE_RATELIMIT_SIGN_IN_EMAIL),
    )


def request_sign_in(email: str) -> Mailed:
    """A new link and code for ``email``; its earlier ones stop working."""
    now = timezone.now()
    token = secrets.token_urlsafe(32)
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    expires = now + timedelta(minutes=settings.GAZETTE_SIGN_IN_MINUTES)
    with write_transaction():
        SignInRequest.objects.filter(email=email, used_at=None).update(used_at=now)
        sign_in = SignInRequest.objects.create(
            email=email, token_hash=_token_hash(token), code_hash="", expires_at=expires
        )
        sign_in.code_hash = _code_hash(sign_in.pk, code)
        sign_in.save(update_fields=["code_hash"])
    return Mailed(token, code)


def _expired() -> SignInError:
    return SignInError(
        _("This link or code is wrong, used or expired. Ask for a new one.")
    )


def link_email(token: str) -> str:
    """The address a live link was mailed to (without spending it)."""
    found = SignInRequest.objects.filter(
        token_hash=_token_hash(token), used_at=None, expires_at__gt=timezone.now()
    ).first()
    if found is None:
        raise _expired()
    return found.email


def redeem_link(token: str) -> str:
    """Spend a link; the address it proves."""
    with write_transaction():
        spent = SignInRequest.objects.filter(
            token_hash=_token_hash(token), used_at=None, expires_at__gt=timezone.now()
        )
        found = spent.values_list("email", flat=True).first()
        if found is None or not spent.update(used_at=timezone.now()):
            raise _expired()
    return found


def redeem_code(email: str, code: object) -> str:
    """Spend the address's live code if ``code`` is it; the address it proves.

    Each try counts, whatever it holds, before it is compared (so two at
    once cannot both be the fifth); past the last, RateLimited until the
    code expires. A wrong code and no code at all read the same.
    """
    typed = "".join(code.split()).replace("-", "") if isinstance(code, str) else ""
    now = timezone.now()
    with write_transaction():
        live = (
            SignInRequest.objects.select_for_update()
            .filter(email=email, used_at=None, expires_at__gt=now)
            .order_by("-created_at")
            .first()
        )
        if live is None:
            raise _expired()
        if live.tries >= settings.GAZETTE_SIGN_IN_TRIES:
            wait = max(1, int((live.expires_at - now).total_seconds()))
            raise ratelimit.RateLimited(wait)
        live.tries += 1
        right = (
            len(typed) == CODE_DIGITS
            and typed.isascii()
            and typed.isdigit()
            and hmac.compare_digest(live.code_hash, _code_hash(live.pk, typed))
        )
        if right:
            live.used_at = now
        live.save(update_fields=["tries", "used_at"])
    if not right:
        left = settings.GAZETTE_SIGN_IN_TRIES - live.tries
        raise SignInError(
            _("That code is not right. %(left)d tries left.") % {"left": left}
            if left
            else _(
                "That code is not right, and it was the last try: ask for a new one."
            ),
            errors={"code": _("Check the code in the mail.")},
        )
    return email


def account_for(email: str) -> tuple[Any, bool]:
    """The account the proven ``email`` signs in to, created at the first
    sign-in; and whether it is new. Staff sign in at the admin, with their
    password: a mailed code never opens a staff account."""
    users = get_user_model()
    with write_transaction():
        address = (
            EmailAddress.objects.select_related("user")
            .filter(email__iexact=email)
            .first()
        )
        user = address.user if address else None
        if user is None:
            user = users.objects.filter(email__iexact=email).first()
        created = user is None
        if user is None:
            user = users(
                username=AccountAdapter().generate_unique_username([email]),
                email=email,
            )
            user.set_unusable_password()
            user.save()
        refused = holders.refusal_for(user, email)
        if refused:
            raise SignInError(refused)
        if address is None:
            EmailAddress.objects.create(
                user=user, email=email, verified=True, primary=True
            )
        elif not address.verified:
            address.verified = True
            address.save(update_fields=["verified"])
    return user, created


def sign_in(request: HttpRequest, email: str, *, how: str) -> Any:
    """Sign this browser in to ``email``'s account (created if need be);
    ``how``: ``link`` or ``code``, as the account's list of sessions says."""
    user, created = account_for(email)
    perform_login(request, user, email=email, signup=created)
    if not request.user.is_authenticated:
        raise SignInError(_("This account may not sign in."))
    sessions.record(request, user, how=how)
    with write_transaction():
        holders.claim(holders.Who.of(email), user, request)
    return user


def end_sessions(user: Any) -> None:
    """Sign the account out everywhere: a new (unusable) password changes the
    hash every session carries, so Django ends them at their next request;
    the sessions the account's page lists are deleted at once."""
    user.set_unusable_password()
    user.save(update_fields=["password"])
    sessions.end_all(user)


def mail_sign_in(email: str, *, network: str) -> None:
    """Mail ``email`` a link and a code (rate-limited by network and address)."""
    check_rate(email=email, network=network)
    mailed = request_sign_in(email)
    path = reverse("readers:sign_in_link", args=[mailed.token])
    context = {
        "link": absolute(path),
        "code": mailed.code,
        "minutes": settings.GAZETTE_SIGN_IN_MINUTES,
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    send_mail(
        subject=_("Sign in to %(site)s: %(code)s")
        % {"site": settings.WAGTAIL_SITE_NAME, "code": mailed.code},
        message=render_to_string("readers/mail/sign_in.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[email],
    )


def requests_prune() -> int:
    """Delete sign-in requests a day past their expiry; how many went."""
    cutoff = timezone.now() - timedelta(days=1)
    return SignInRequest.objects.filter(expires_at__lt=cutoff).delete()[0]
