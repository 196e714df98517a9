"""Single sign-on for embedding sites: a site-signed JWT becomes a session.

A site that already has users signs a short-lived token (HS256 with the
secret kept in the admin, or RS256 with a key from its JWKS URL) holding its
user's id (``sub``), name, optional e-mail and avatar, and its own key
(``iss``). Gazette checks the signature, the times, and that the token id
(``jti``) was never used, then signs the reader in to the account linked to
that site's user, made at their first visit. A site vouches only for its own
users: a token never opens an account that another site, or a mailed code,
made, so a site cannot take over a reader by claiming their address.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import jwt
from allauth.account.utils import perform_login
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from gazette.core.db import write_transaction
from gazette.core.errors import DomainError
from gazette.readers import holders, names, sessions
from gazette.readers.models import SsoLink, SsoSite, SsoTokenUse

MAX_LIFETIME = 600  # seconds between iat and exp; "short-lived"
LEEWAY = 30  # seconds of clock difference allowed
MAX_TOKEN = 8192
_REQUIRED = ["iss", "sub", "iat", "exp", "jti"]


class SsoRefused(DomainError):
    """A token that is not a valid, fresh, unused one from a known site."""

    status = 401
    code = "sso_refused"


@dataclass(frozen=True)
class SiteUser:
    site: SsoSite
    external_id: str
    name: str
    email: str
    avatar: str
    jti: str
    expires_at: datetime


def _site_of(token: str) -> tuple[SsoSite, str]:
    try:
        header = jwt.get_unverified_header(token)
        unverified = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        raise SsoRefused(_("The sign-in token is not a JWT.")) from None
    algorithm = header.get("alg")
    if algorithm not in ("HS256", "RS256"):
        raise SsoRefused(_("Sign the token with HS256 or RS256."))
    key = unverified.get("iss")
    site = (
        SsoSite.objects.filter(key=key, active=True).first()
        if isinstance(key, str)
        else None
    )
    if site is None:
        raise SsoRefused(_("The token's issuer is not a site this newsroom knows."))
    return site, str(algorithm)


def _claims(token: str, site: SsoSite, algorithm: str) -> dict[str, Any]:
    options: jwt.types.Options = {"require": _REQUIRED}
    try:
        if algorithm == "HS256":
            return jwt.decode(
                token, site.secret, algorithms=["HS256"], options=options, leeway=LEEWAY
            )
        if not site.jwks_url:
            raise SsoRefused(_("This site signs with its secret (HS256)."))
        key = _published_key(site, token)
        return jwt.decode(
            token, key.key, algorithms=["RS256"], options=options, leeway=LEEWAY
        )
    except jwt.ExpiredSignatureError:
        raise SsoRefused(_("The sign-in token has expired.")) from None
    except jwt.ImmatureSignatureError:
        raise SsoRefused(_("The sign-in token is not valid yet.")) from None
    except jwt.MissingRequiredClaimError as missing:
        raise SsoRefused(
            _("The sign-in token lacks the “%(claim)s” claim.")
            % {"claim": missing.claim}
        ) from None
    except (jwt.PyJWKClientError, jwt.InvalidTokenError):
        raise SsoRefused(
            _("The sign-in token's signature is not the site's.")
        ) from None


def _published_key(site: SsoSite, token: str) -> Any:
    """The key the site publishes for this token. Its JWKS document is a
    stranger's: whatever it holds, a fault refuses the token, never the server."""
    try:
        return jwt.PyJWKClient(site.jwks_url, timeout=5).get_signing_key_from_jwt(token)
    except (
        jwt.PyJWTError,
        ValueError,
        TypeError,
        KeyError,
        AttributeError,
        RecursionError,
    ):
        raise SsoRefused(
            _("The site's published keys cannot be read, or none fits the token.")
        ) from None


def _text(value: Any, limit: int) -> str:
    return " ".join(value.split())[:limit] if isinstance(value, str) else ""


def verify(token: object) -> SiteUser:
    """The site's user a token names, if it is genuine, fresh and unused."""
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN:
        raise SsoRefused(_("Send the site's sign-in token."))
    site, algorithm = _site_of(token)
    claims = _claims(token, site, algorithm)
    now = timezone.now().timestamp()
    issued, expires = claims["iat"], claims["exp"]
    if not all(isinstance(t, int | float) for t in (issued, expires)):
        raise SsoRefused(_("The token's times are not numbers."))
    if issued > now + LEEWAY:
        raise SsoRefused(_("The sign-in token was issued in the future."))
    if expires - issued > MAX_LIFETIME:
        raise SsoRefused(_("The sign-in token lives too long: ten minutes at most."))
    external_id, jti = _text(claims["sub"], 255), _text(claims["jti"], 255)
    if not external_id or not jti:
        raise SsoRefused(_("The token's “sub” and “jti” must be text."))
    email = _text(claims.get("email"), 254).lower()
    try:
        if email:
            validate_email(email)
    except ValidationError:
        email = ""
    avatar = _text(claims.get("avatar"), 500)
    try:
        if avatar:
            URLValidator(schemes=["https"])(avatar)
    except ValidationError:
        avatar = ""
    return SiteUser(
        site,
        external_id,
        _text(claims.get("name"), 80),
        email,
        avatar,
        jti,
        datetime.fromtimestamp(expires, tz=UTC),
    )


def _spend(found: SiteUser) -> None:
    try:
        with write_transaction():
            SsoTokenUse.objects.create(
                site=found.site, jti=found.jti, expires_at=found.expires_at
            )
    except IntegrityError:
        raise SsoRefused(_("This sign-in token was used already.")) from None


def _account(found: SiteUser) -> Any:
    link = (
        SsoLink.objects.select_related("user")
        .filter(site=found.site, external_id=found.external_id)
        .first()
    )
    if link is not None:
        return link.user
    users = get_user_model()
    with write_transaction():
        user = users(username=f"sso-{secrets.token_hex(6)}", email=found.email)
        user.set_unusable_password()
        user.save()
        SsoLink.objects.create(
            site=found.site, external_id=found.external_id, user=user
        )
    for candidate in (found.name, f"{found.name} ({found.site.name})"):
        if candidate.strip():
            try:
                names.set_display_name(user, candidate)
                break
            except DomainError:
                continue
    return user


def sign_in(request: HttpRequest, token: object) -> Any:
    """Sign this browser in as the site's user; SsoRefused if anything is off."""
    found = verify(token)
    _spend(found)
    user = _account(found)
    refused = holders.refusal_for(user, found.email)
    if refused:
        raise SsoRefused(refused)
    perform_login(request, user)
    if not request.user.is_authenticated:
        raise SsoRefused(_("This account may not sign in."))
    sessions.record(request, user, how=f"sso:{found.site.name}")
    return user


def tokens_prune() -> int:
    """Forget spent token ids once their tokens would have expired anyway."""
    return SsoTokenUse.objects.filter(expires_at__lt=timezone.now()).delete()[0]
