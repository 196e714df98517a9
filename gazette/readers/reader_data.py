"""Readers' own part of a reader's data: the accounts and sign-in mails.

Registered under ``gazette_reader_data`` like the other apps' parts.
"""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model

from gazette.readers import names
from gazette.readers.holders import Who, iso
from gazette.readers.models import ReaderSession, SignInRequest


def reader_data(who: Who) -> dict[str, list[dict[str, Any]]]:
    users = get_user_model().objects.filter(pk__in=who.accounts).order_by("pk")
    addresses: dict[int, list[str]] = {}
    for user_id, email in EmailAddress.objects.filter(
        user__in=who.accounts
    ).values_list("user_id", "email"):
        addresses.setdefault(user_id, []).append(email)
    return {
        "accounts": [
            {
                "display_name": names.display_name(u),
                "joined": iso(u.date_joined),
                "last_sign_in": iso(u.last_login),
                "addresses": sorted(addresses.get(u.pk, [])),
            }
            for u in users
        ],
        "providers": [
            {"provider": a.provider, "id_there": a.uid, "since": iso(a.date_joined)}
            for a in SocialAccount.objects.filter(user__in=who.accounts).order_by("pk")
        ],
        "passkeys": [
            {
                "name": a.data.get("name", ""),
                "added": iso(a.created_at),
                "last_used": iso(a.last_used_at),
            }
            for a in Authenticator.objects.filter(user__in=who.accounts).order_by("pk")
        ],
        "sessions": [
            {"device": r.device, "signed_in_by": r.method, "since": iso(r.created_at)}
            for r in ReaderSession.objects.filter(user__in=who.accounts).order_by("pk")
        ],
        "sign_in_mails": [
            {"sent": iso(r.created_at), "used": iso(r.used_at)}
            for r in SignInRequest.objects.filter(email=who.email).order_by("pk")
        ],
    }


def reader_count(who: Who) -> dict[str, int]:
    return {"accounts": len(who.accounts)}


def reader_erase(who: Who, *, remove_comments: bool) -> dict[str, int]:
    """Sign-in mails go; an account's own erasure is its owner's (issue 17 §3)."""
    SignInRequest.objects.filter(email=who.email).delete()
    return {}
