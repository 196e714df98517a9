"""Readers' sign-in by mail. Accounts themselves are Django's users, with
django-allauth's addresses (``allauth.account.EmailAddress``)."""

from __future__ import annotations

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
