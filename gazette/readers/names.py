"""Readers' display names: one per reader, and no look-alikes.

A name's *key* is what is left when case, accents, width, invisible
characters and letters that look alike are taken away ("Ana", "ANA", a
full-width or Cyrillic "A", or a zero-width space after it share one). Keys
are unique among readers and may not be a staff member's, so nobody passes as
another reader or as the newsroom; a guest cannot post under a registered
reader's name either.
"""

from __future__ import annotations

import re
import time
import unicodedata
from datetime import timedelta
from typing import Any

from anyascii import anyascii
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gazette.core.db import write_transaction
from gazette.readers import identity
from gazette.readers.errors import DisplayNameError
from gazette.readers.models import Profile

CHANGE_EVERY = timedelta(days=30)
# Pairs that read alike once everything is plain lower-case ASCII.
_ALIKE = [("rn", "m"), ("vv", "w"), ("0", "o"), ("1", "l"), ("i", "l"), ("|", "l")]
_ALIKE += [("3", "e"), ("5", "s"), ("@", "a"), ("$", "s"), ("7", "t"), ("8", "b")]
_NOT_LETTER = re.compile(r"[^a-z0-9]")
_CONTROL = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]"
)


def name_key(name: str) -> str:
    """The skeleton two names share when they read alike."""
    plain = anyascii(unicodedata.normalize("NFKC", _CONTROL.sub("", name))).lower()
    for alike, same in _ALIKE:
        plain = plain.replace(alike, same)
    return _NOT_LETTER.sub("", plain)[:80]


def clean_name(raw: object) -> str:
    """The name as it will show, on one line; DisplayNameError if unusable."""
    name = " ".join(_CONTROL.sub("", raw).split()) if isinstance(raw, str) else ""
    limit = settings.GAZETTE_COMMENT_NAME_MAX_LENGTH
    if not name:
        raise DisplayNameError(_("Choose the name shown with your comments."))
    if len(name) > limit:
        raise DisplayNameError(
            _("Names can be at most %(limit)d characters.") % {"limit": limit}
        )
    if len(name_key(name)) < 2:
        raise DisplayNameError(_("Use at least two letters or digits in your name."))
    return name


_STAFF_SECONDS = 60.0
_staff: tuple[float, frozenset[str]] = (-_STAFF_SECONDS, frozenset())


def _staff_keys() -> frozenset[str]:
    """Staff names' keys, read at most once a minute per process: staff change
    rarely, and a guest's post should not cost a query over the users."""
    global _staff
    now = time.monotonic()
    if now - _staff[0] >= _STAFF_SECONDS:
        _staff = (now, frozenset(_read_staff_keys()))
    return _staff[1]


def forget_staff() -> None:
    """Read staff names afresh at the next check (tests, and a staff change)."""
    global _staff
    _staff = (-_STAFF_SECONDS, frozenset())


def _read_staff_keys() -> set[str]:
    staff = (
        get_user_model()
        .objects.filter(
            Q(is_staff=True)
            | Q(is_superuser=True)
            | Q(groups__permissions__codename="access_admin")
        )
        .distinct()
    )
    keys = set()
    for user in staff:
        for name in (user.get_full_name(), user.get_username()):
            if name:
                keys.add(name_key(name))
    return keys


def name_taken(name: str, *, by: Any = None) -> bool:
    """Whether ``name`` reads as a registered reader's or a staff member's
    (other than ``by``, the account asking)."""
    key = name_key(name)
    if not key:
        return False
    others = Profile.objects.filter(name_key=key)
    if by is not None:
        others = others.exclude(user=by)
    if others.exists():
        return True
    if by is not None and identity.is_staff(by):
        return False
    return key in _staff_keys()


def display_name(user: Any) -> str | None:
    """The name an account's comments show; None for a reader who has not
    chosen one. An account made by staff shows its full name; staff show their
    full name or username."""
    profile = Profile.objects.filter(user=user).values_list("display_name", flat=True)
    name = profile.first() or user.get_full_name()
    if name:
        return str(name)
    if identity.is_staff(user):
        return str(user.get_full_name() or user.get_username())
    return None


def set_display_name(user: Any, raw: object) -> Profile:
    """Choose or change the account's name: free, unique, once in 30 days."""
    name = clean_name(raw)
    now = timezone.now()
    with write_transaction():
        profile = Profile.objects.select_for_update().filter(user=user).first()
        if profile is not None and profile.display_name == name:
            return profile
        if profile is not None and profile.name_changed_at:
            free = profile.name_changed_at + CHANGE_EVERY
            if free > now:
                raise DisplayNameError(
                    _(
                        "You changed your name on %(when)s; you can change it "
                        "again from %(free)s."
                    )
                    % {"when": profile.name_changed_at.date(), "free": free.date()}
                )
        if name_taken(name, by=user):
            raise DisplayNameError(_("That name, or one that reads like it, is taken."))
        if profile is None:
            profile = Profile(user=user)
        else:
            profile.name_changed_at = now
        profile.display_name, profile.name_key = name, name_key(name)
        try:
            profile.save()
        except IntegrityError:  # taken a moment ago by someone else
            raise DisplayNameError(
                _("That name, or one that reads like it, is taken.")
            ) from None
    return profile
