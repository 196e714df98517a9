"""Guessing the admin password: refused after ten failures from one network."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

pytestmark = pytest.mark.django_db


def _sign_in(client: Client, username: str, password: str, ip: str) -> Any:
    return client.post(
        "/admin/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def test_a_network_that_keeps_guessing_is_shut_out(editor: User, settings: Any) -> None:
    settings.GAZETTE_RATELIMIT_ADMIN_LOGIN = "3/900"
    client = Client()

    guesses = [
        _sign_in(client, "editor", f"guess-{n}", "198.51.100.9") for n in range(3)
    ]
    right_but_late = _sign_in(client, "editor", "editor-pass-1", "198.51.100.9")
    elsewhere = _sign_in(Client(), "editor", "editor-pass-1", "203.0.113.4")

    assert [g.status_code for g in guesses] == [200, 200, 200]  # the form again
    assert right_but_late.status_code == 429
    assert int(right_but_late["Retry-After"]) > 0
    assert "Too many failed sign-ins" in right_but_late.content.decode()
    assert elsewhere.status_code == 302  # another network signs in


def test_an_account_name_has_a_limit_of_its_own(editor: User, settings: Any) -> None:
    settings.GAZETTE_RATELIMIT_ADMIN_LOGIN = "1/900"
    tries = [
        _sign_in(Client(), "editor", "wrong", f"192.0.2.{n}").status_code
        for n in range(6)
    ]

    assert tries == [200, 200, 200, 200, 200, 429]
