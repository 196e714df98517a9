"""A reader's subscriptions: for their download, and for erasure.

Registered under ``gazette_reader_data`` (see ``gazette.readers.holders``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse

from gazette.notifications import tokens
from gazette.notifications.models import Subscription
from gazette.readers.holders import Who, iso


def _of(who: Who) -> QuerySet[Subscription]:
    return Subscription.objects.filter(email__iexact=who.email)


def reader_data(who: Who) -> dict[str, list[dict[str, Any]]]:
    return {
        "subscriptions": [
            {
                "thread": s.thread.title or s.thread.key,
                "notify_of": s.kind,
                "language": s.language,
                "confirmed": iso(s.confirmed_at),
                "since": iso(s.created_at),
            }
            for s in _of(who).select_related("thread")
        ]
    }


def reader_count(who: Who) -> dict[str, int]:
    return {"subscriptions": _of(who).count()}


def reader_erase(who: Who, *, remove_comments: bool) -> dict[str, int]:
    """Subscriptions are deleted: they are nothing without the address."""
    return {"subscriptions": _of(who).delete()[0]}


def account_page(who: Who, request: HttpRequest) -> str:
    """The threads the account's address follows, with the page to stop them."""
    followed = list(_of(who).exclude(confirmed_at=None).select_related("thread"))
    manage = reverse("notifications:manage", args=[tokens.make("manage", who.email)])
    return render_to_string(
        "notifications/account_follows.html",
        {"followed": followed, "manage": manage},
        request=request,
    )
