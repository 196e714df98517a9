"""Readers' sign-in by mail. Accounts themselves are Django's users, with
django-allauth's addresses (``allauth.account.EmailAddress``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SignInRequest(models.Model):
    """One mail with a link and a 6-digit code; good once, for a few minutes.

    Only hashes are kept: the link's token as SHA-256, the code as an HMAC
    keyed by the server's secret and this row. Asking again for an address
    retires its earlier request, so one code is live per address.
    """

    email = models.EmailField(_("e-mail"), db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    code_hash = models.CharField(max_length=64)
    tries = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in request")
        verbose_name_plural = _("sign-in requests")

    def __str__(self) -> str:
        return f"sign-in request {self.pk}"


class Profile(models.Model):
    """How a reader's account shows: the name with their comments.

    ``name_key`` is the name's skeleton (``names.name_key``): unique, so no
    two readers' names differ only in case, accents or look-alike letters.
    """

    user = models.OneToOneField(
        "auth.User", on_delete=models.CASCADE, related_name="reader_profile"
    )
    display_name = models.CharField(_("display name"), max_length=80)
    name_key = models.CharField(max_length=80, unique=True)
    name_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reader profile")
        verbose_name_plural = _("reader profiles")
        # view_profile lets staff see readers in the admin (Comment
        # moderators have it); their addresses need view_reader_email too.
        permissions = [("view_reader_email", _("Can see readers' e-mail addresses"))]

    def __str__(self) -> str:
        return self.display_name


def _new_secret() -> str:
    import secrets

    return secrets.token_urlsafe(32)


class SsoSite(models.Model):
    """A site that embeds Gazette's comments and signs its own users in.

    It signs a short-lived JWT with ``secret`` (HS256), or with its own key
    published at ``jwks_url`` (RS256); ``key`` is the token's ``iss``.
    """

    name = models.CharField(_("name"), max_length=100)
    key = models.SlugField(
        _("key"),
        max_length=50,
        unique=True,
        help_text=_("The site puts this in its tokens' “iss” claim."),
    )
    secret = models.CharField(
        _("secret"),
        max_length=100,
        default=_new_secret,
        help_text=_("For HS256: keep it on the site's server, never in a page."),
    )
    jwks_url = models.URLField(
        _("JWKS URL"),
        blank=True,
        help_text=_("Optional: the site's public keys, to accept RS256 tokens."),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("single sign-on site")
        verbose_name_plural = _("single sign-on sites")

    def __str__(self) -> str:
        return self.name


class SsoLink(models.Model):
    """A site's user, as a Gazette account."""

    site = models.ForeignKey(SsoSite, on_delete=models.CASCADE, related_name="links")
    external_id = models.CharField(max_length=255)
    user = models.ForeignKey(
        "auth.User", on_delete=models.CASCADE, related_name="sso_links"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["site", "external_id"], name="one_account_per_site_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.site}: {self.external_id}"


class SsoTokenUse(models.Model):
    """A token id (``jti``) already spent: a replayed token is refused."""

    site = models.ForeignKey(SsoSite, on_delete=models.CASCADE, related_name="+")
    jti = models.CharField(max_length=255)
    expires_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "jti"], name="one_use_per_token")
        ]

    def __str__(self) -> str:
        return self.jti


class ReaderSession(models.Model):
    """One place a reader is signed in: shown on their account page, where
    they can end it. The session itself is Django's; this row says where it
    began and how, and goes with it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    session_key = models.CharField(max_length=40, unique=True)
    device = models.CharField(_("device"), max_length=100, blank=True)
    method = models.CharField(_("signed in by"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("signed in"), auto_now_add=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self) -> str:
        return f"session {self.pk}"
