"""Readers as staff see them in the admin: accounts that are not staff."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from allauth.account.models import EmailAddress
from allauth.socialaccount.adapter import get_adapter as social_adapter
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from gazette.readers.holders import Who, holders
from gazette.readers.models import SsoLink

PAGE_SIZE = 50
SEE = "readers.view_profile"
SEE_EMAIL = "readers.view_reader_email"


def mask(email: str) -> str:
    """``a•••@example.org``: enough to tell two readers apart, not to write."""
    local, _at, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}" if domain else "•••"


def readers() -> QuerySet[Any]:
    """Accounts that cannot open the admin: readers, never staff."""
    return (
        get_user_model()
        .objects.filter(is_staff=False, is_superuser=False)
        .exclude(groups__permissions__codename="access_admin")
        .exclude(user_permissions__codename="access_admin")
        .select_related("reader_profile")
        .distinct()
    )


def reader_search(query: str, *, with_email: bool) -> QuerySet[Any]:
    """Readers whose name (or, for staff who may see them, address) matches."""
    found = readers().order_by("-date_joined", "-pk")
    query = query.strip()[:200]
    if not query:
        return found
    matches = Q(reader_profile__display_name__icontains=query)
    if with_email:
        matches |= Q(email__icontains=query) | Q(emailaddress__email__icontains=query)
    return found.filter(matches)


@dataclass
class ReaderView:
    """One reader, for the admin's page about them."""

    user: Any
    name: str
    addresses: list[tuple[str, bool, bool]]  # shown address, verified, primary
    methods: list[str] = field(default_factory=list)  # providers, sites
    counts: dict[str, int] = field(default_factory=dict)
    # What the apps show staff about the reader (``staff_view``): no addresses.
    facts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def sign_in_methods(user: Any) -> list[str]:
    """How the account signs in besides a mailed code: its providers (by
    the name the newsroom gave them) and the sites that sign it in."""
    adapter = social_adapter()
    names: list[str] = []
    for provider_id in SocialAccount.objects.filter(user=user).values_list(
        "provider", flat=True
    ):
        try:
            names.append(adapter.get_provider(None, provider_id).name)
        except SocialApp.DoesNotExist:  # a provider since turned off
            names.append(provider_id)
    sites = SsoLink.objects.filter(user=user).values_list("site__name", flat=True)
    return sorted(names) + [_("%(site)s's sign-in") % {"site": s} for s in sites]


def reader_view(user: Any, *, with_email: bool) -> ReaderView:
    addresses = [
        (a.email if with_email else mask(a.email), a.verified, a.primary)
        for a in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    ]
    profile = getattr(user, "reader_profile", None)
    who = Who.of(str(user.email)) if user.email else Who("", (user.pk,))
    counts: dict[str, int] = {}
    facts: dict[str, list[dict[str, Any]]] = {}
    for holder in holders():
        counts.update(holder.reader_count(who))
        staff_view = getattr(holder, "staff_view", None)
        if staff_view is not None:
            facts.update(staff_view(who))
    name = profile.display_name if profile else ""
    return ReaderView(user, name, addresses, sign_in_methods(user), counts, facts)
