"""Where a reader is signed in: each session, the device, and how it began.

Django keeps the sessions; a :class:`ReaderSession` row beside each one a
reader signed in to says, on their account page, which device it is ("Firefox
on Android"), when and how it began, so they can end the ones they do not
know. Sign-out, "sign out everywhere" and a ban end them as well.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib.sessions.models import Session
from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from gazette.core.db import write_transaction
from gazette.readers.models import ReaderSession

# The first that matches names the browser (Edge and Opera say "Chrome" too).
_BROWSERS = [
    (r"Edg(e|A|iOS)?/", "Edge"),
    (r"OPR/|Opera", "Opera"),
    (r"SamsungBrowser/", "Samsung Internet"),
    (r"Firefox/|FxiOS/", "Firefox"),
    (r"Chrome/|CriOS/|Chromium/", "Chrome"),
    (r"Safari/", "Safari"),
]
_SYSTEMS = [
    (r"iPhone", "iPhone"),
    (r"iPad", "iPad"),
    (r"Android", "Android"),
    (r"Windows", "Windows"),
    (r"Mac OS X|Macintosh", "macOS"),
    (r"CrOS", "ChromeOS"),
    (r"Linux", "Linux"),
]


def device_of(user_agent: str) -> str:
    """A device as its owner would name it, from the browser's User-Agent."""
    browser = next((n for p, n in _BROWSERS if re.search(p, user_agent)), "")
    system = next((n for p, n in _SYSTEMS if re.search(p, user_agent)), "")
    if browser and system:
        return _("%(browser)s on %(system)s") % {"browser": browser, "system": system}
    return browser or system or _("Unknown device")


def method_label(method: str) -> str:
    """How a session began, as its list says it."""
    if method.startswith("sso:"):
        return _("the sign-in of %(site)s") % {"site": method[4:]}
    if method.startswith("provider:"):
        return method[len("provider:") :]
    return {
        "code": _("a mailed code"),
        "link": _("a mailed link"),
        "passkey": _("a passkey"),
    }.get(method, _("another way"))


def listed(request: HttpRequest) -> list[dict[str, Any]]:
    """The signed-in reader's sessions as their account page lists them."""
    here = request.session.session_key
    return [
        {
            "pk": row.pk,
            "device": row.device or _("Unknown device"),
            "created_at": row.created_at,
            "how": method_label(row.method),
            "current": row.session_key == here,
        }
        for row in active(request.user)
    ]


def record(request: HttpRequest, user: Any, *, how: str) -> None:
    """Note the session this request was just signed in to."""
    key = request.session.session_key
    if not key:
        return
    agent = str(request.headers.get("User-Agent", ""))[:1000]
    with write_transaction():
        ReaderSession.objects.update_or_create(
            session_key=key,
            defaults={"user": user, "device": device_of(agent)[:100], "method": how},
        )


def forget(session_key: str | None) -> None:
    """The session ended (signed out): its row goes."""
    if session_key:
        ReaderSession.objects.filter(session_key=session_key).delete()


def active(user: Any) -> list[ReaderSession]:
    """The account's sessions that have not ended, newest first."""
    live = Session.objects.filter(
        session_key=OuterRef("session_key"), expire_date__gt=timezone.now()
    )
    rows = ReaderSession.objects.filter(user=user).order_by("-created_at", "-pk")
    return list(rows.filter(Exists(live))[:50])


def end(user: Any, pk: int) -> bool:
    """End one of the account's sessions; False when it is not theirs."""
    with write_transaction():
        row = ReaderSession.objects.filter(user=user, pk=pk).first()
        if row is None:
            return False
        Session.objects.filter(session_key=row.session_key).delete()
        row.delete()
    return True


def end_all(user: Any) -> None:
    """End every session the account has here (sign out everywhere, a ban)."""
    with write_transaction():
        keys = ReaderSession.objects.filter(user=user).values("session_key")
        Session.objects.filter(session_key__in=keys).delete()
        ReaderSession.objects.filter(user=user).delete()
