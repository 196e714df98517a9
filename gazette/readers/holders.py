"""What each app holds about a reader, asked through one hook.

Readers own who a reader is (an address, and the accounts proven for it);
they never import the apps that hold a reader's data. Each such app registers
a module under the ``gazette_reader_data`` hook (in its ``wagtail_hooks``)
offering:

- ``reader_data(who)``: its part of the download, ``{kind: [records]}``;
- ``reader_count(who)``: how many of each kind it holds, ``{kind: n}``;
- ``reader_erase(who, remove_comments=...)``: erase it, returning the counts;
- optionally ``reader_page(who, request)``: a rendered part of the data page;
- optionally ``staff_view(who)``: what staff see about the reader in the
  admin's *Readers* (``{kind: [records]}``, never an address);
- optionally ``account_page(who, request)``: a rendered part of the signed-in
  reader's own page (``/account/``);
- optionally ``reader_claim(who, user, request)``: the address was just
  proven by signing in to ``user``: what it did as a guest becomes the
  account's.

An app may also register ``gazette_sign_in_refusal``: a callable ``(user,
email)`` that gives the reason an account may not sign in now (a ban), or None.

Hooks run in their registered ``order``: an app that finds its rows through
another's (moderation's records through the comments) erases first.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.utils.translation import gettext as _
from wagtail import hooks

from gazette.readers import identity


@dataclass(frozen=True)
class Who:
    """One reader as the apps look them up: an address and its accounts."""

    email: str
    accounts: tuple[int, ...] = ()

    @classmethod
    def of(cls, email: str) -> Who:
        email = email.strip().lower()
        accounts = set(
            get_user_model()
            .objects.filter(email__iexact=email)
            .values_list("pk", flat=True)
        )
        accounts.update(
            EmailAddress.objects.filter(email__iexact=email, verified=True).values_list(
                "user_id", flat=True
            )
        )
        return cls(email, tuple(sorted(accounts)))

    @property
    def voters(self) -> list[str]:
        """The accounts' voter keys (guests vote by browser, not by address)."""
        return [f"u:{pk}" for pk in self.accounts]


def iso(value: datetime | None) -> str | None:
    """A moment as the download writes it."""
    return value.isoformat() if value else None


class Holder(Protocol):
    def reader_data(self, who: Who) -> dict[str, list[dict[str, Any]]]: ...

    def reader_count(self, who: Who) -> dict[str, int]: ...

    def reader_erase(self, who: Who, *, remove_comments: bool) -> dict[str, int]: ...


def holders() -> Iterator[Holder]:
    for hook in hooks.get_hooks("gazette_reader_data"):
        yield hook()


def claim(who: Who, user: Any, request: HttpRequest) -> None:
    """Give ``user`` what ``who``'s address did as a guest (each app its part)."""
    for holder in holders():
        adopt = getattr(holder, "reader_claim", None)
        if adopt is not None:
            adopt(who, user, request)


def refusal_for(user: Any, email: str = "") -> str | None:
    """Why the account may not sign in to the site, whichever way it tries
    (a mailed code, a site's token, a provider, a passkey): staff sign in at
    the admin only, a closed account not at all, and other apps have their
    say (a ban)."""
    if identity.is_staff(user):
        return _("This address belongs to a staff account: sign in at the admin.")
    if not user.is_active:
        return _("This account may not sign in.")
    return sign_in_refusal(user, email or str(user.email or ""))


def sign_in_refusal(user: Any, email: str) -> str | None:
    """Why ``user`` may not sign in now (another app's say, such as a ban)."""
    for hook in hooks.get_hooks("gazette_sign_in_refusal"):
        reason = hook(user, email)
        if reason:
            return str(reason)
    return None


def page_parts(
    who: Who, request: HttpRequest, *, page: str = "reader_page"
) -> list[str]:
    """The apps' own parts of the reader's data page (or, with ``page=
    "account_page"``, of their account page), as rendered HTML."""
    parts = []
    for holder in holders():
        render = getattr(holder, page, None)
        if render is not None:
            parts.append(render(who, request))
    return [part for part in parts if part]
