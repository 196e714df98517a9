"""What moderation holds about a reader: bans, reports' addresses, the
removed comments with their appeal links on the data page.

Registered under ``gazette_reader_data`` (see ``gazette.readers.holders``)
before discussion, whose erasure clears the addresses the comments are found by.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gazette.moderation import appeals, rules
from gazette.moderation.models import AuditEntry, Ban, Flag, ModerationRecord
from gazette.readers import signin
from gazette.readers.holders import Who, iso


def reader_data(who: Who) -> dict[str, list[dict[str, Any]]]:
    bans = Ban.objects.filter(kind=Ban.Kind.EMAIL, value__iexact=who.email)
    return {
        "bans": [
            {
                "reason": b.reason,
                "since": iso(b.created_at),
                "until": iso(b.expires_at),
            }
            for b in bans
        ]
    }


def reader_count(who: Who) -> dict[str, int]:
    return {}


def staff_view(who: Who) -> dict[str, list[dict[str, Any]]]:
    """The bans on the reader's accounts and address, for the admin's Readers."""
    bans = Ban.objects.filter(
        Q(kind=Ban.Kind.EMAIL, value__iexact=who.email)
        | Q(kind=Ban.Kind.USER, value__in=[str(pk) for pk in who.accounts])
    ).order_by("-created_at")
    return {
        "bans": [
            {
                "kind": b.get_kind_display(),
                "reason": b.reason,
                "since": b.created_at,
                "until": b.expires_at,
            }
            for b in bans
        ]
    }


def reader_erase(who: Who, *, remove_comments: bool) -> dict[str, int]:
    """The queue's notes of who posted, and the address a report asked to hear at."""
    ModerationRecord.objects.filter(
        Q(comment__author_email__iexact=who.email) | Q(comment__user__in=who.accounts)
    ).update(reader="")
    Flag.objects.filter(notify_email__iexact=who.email).update(notify_email="")
    return {}


def reader_page(who: Who, request: HttpRequest) -> str:
    removed = appeals.removed_for(who.email)
    if not removed:
        return ""
    return render_to_string(
        "moderation/reader_removed.html", {"removed": removed}, request=request
    )


def sign_in_refusal(user: Any, email: str) -> str | None:
    """A banned account, or an account of a banned address, does not sign in."""
    ban = rules.current().active_ban(
        [(Ban.Kind.USER, str(user.pk)), (Ban.Kind.EMAIL, email.lower())]
    )
    if ban is None:
        return None
    if ban.expires_at is None:
        return _("This account is banned from commenting.")
    return _("This account is banned from commenting until %(until)s.") % {
        "until": date_format(timezone.localtime(ban.expires_at), "DATETIME_FORMAT")
    }


def ban_saved(sender: Any, instance: Ban, **kwargs: Any) -> None:
    """A ban on an account or its address ends the account's sessions at once."""
    if instance.expires_at is not None and instance.expires_at <= timezone.now():
        return
    if instance.kind == Ban.Kind.USER and instance.value.isdigit():
        accounts: list[int] = [int(instance.value)]
    elif instance.kind == Ban.Kind.EMAIL:
        accounts = list(Who.of(instance.value).accounts)
    else:
        return
    for user in get_user_model().objects.filter(pk__in=accounts):
        signin.end_sessions(user)


def account_page(who: Who, request: HttpRequest) -> str:
    """The removed comments, with the reasons and the appeal links."""
    return reader_page(who, request)


def reader_erased(
    sender: Any,
    counts: dict[str, int],
    remove_comments: bool,
    actor: Any = None,
    **kwargs: Any,
) -> None:
    """The audit log records every erasure, never whose."""
    staff = actor is not None and actor.is_authenticated
    AuditEntry.objects.create(
        action=AuditEntry.Action.ERASED,
        actor=actor if staff else None,
        system="" if staff else "reader",
        reason=f"{counts.get('comments', 0)} comments "
        + ("removed" if remove_comments else "anonymized")
        + f", {counts.get('subscriptions', 0)} subscriptions,"
        f" {counts.get('donations', 0)} donations",
    )
