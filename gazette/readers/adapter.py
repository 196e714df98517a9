"""django-allauth's hooks for Gazette's readers."""

from __future__ import annotations

import secrets
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Accounts begin at a reader's first sign-in by mail (``signin``),
        never through allauth's password sign-up form."""
        return False

    def generate_unique_username(self, txts: Any, regex: Any = None) -> str:
        """A reader's username is never shown: a random one leaks nothing."""
        return "reader-" + secrets.token_hex(6)
