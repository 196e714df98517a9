"""Readers in the admin: moderators find readers; addresses need their own right."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission, User
from django.test import Client

from gazette.moderation.models import Ban
from gazette.readers import names, signin
from gazette.readers.models import SignInRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator() -> User:
    user = User.objects.create_user("mod", "mod@newsroom.example", "mod-pass-1")
    user.groups.add(Group.objects.get(name="Comment moderators"))
    return user


@pytest.fixture
def marta() -> User:
    user, _new = signin.account_for("marta@example.org")
    names.set_display_name(user, "Marta Quay")
    signin.request_sign_in("marta@example.org")
    return User.objects.get(pk=user.pk)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_moderators_find_readers_by_name_but_never_see_their_addresses(
    moderator: User, marta: User, editor: User
) -> None:
    client = _client(moderator)

    listing = client.get("/admin/readers/").content.decode()
    assert "Marta Quay" in listing
    assert "m•••@example.org" in listing
    assert "marta@example.org" not in listing
    assert listing.count('class="reader-row"') == 1  # staff are not readers
    assert "Marta Quay" in client.get("/admin/readers/?q=quay").content.decode()
    by_address = client.get("/admin/readers/?q=marta@example").content.decode()
    assert "Marta Quay" not in by_address

    Ban.objects.create(kind="user", value=str(marta.pk), reason="Doxxing.")
    detail = client.get(f"/admin/readers/{marta.pk}/").content.decode()
    assert "Doxxing." in detail
    assert "m•••@example.org" in detail
    assert "marta@example.org" not in detail
    for secret in SignInRequest.objects.values_list("token_hash", "code_hash"):
        assert secret[0] not in detail
        assert secret[1] not in detail


def test_the_right_to_see_addresses_shows_and_searches_them(
    moderator: User, marta: User
) -> None:
    moderator.user_permissions.add(Permission.objects.get(codename="view_reader_email"))
    client = _client(moderator)

    found = client.get("/admin/readers/?q=marta@example").content.decode()

    assert "marta@example.org" in found
    assert EmailAddress.objects.get(user=marta).verified


def test_staff_without_the_right_see_no_readers(editor: User, marta: User) -> None:
    client = _client(editor)

    assert client.get("/admin/readers/").status_code in (302, 403)
    detail = client.get(f"/admin/readers/{marta.pk}/")
    assert detail.status_code in (302, 403)
    assert "Marta Quay" not in detail.content.decode()


def test_staff_pages_are_not_reader_pages(moderator: User, editor: User) -> None:
    assert _client(moderator).get(f"/admin/readers/{editor.pk}/").status_code == 404


def test_ending_a_readers_sessions_needs_the_user_right(
    moderator: User, marta: User, admin_client: Client
) -> None:
    reader = _client(marta)
    assert reader.get("/api/v1/readers/me").status_code == 200

    refused = _client(moderator).post(f"/admin/readers/{marta.pk}/end-sessions/")
    assert refused.status_code in (302, 403)  # Wagtail sends the refused home
    assert reader.get("/api/v1/readers/me").status_code == 200

    ended = admin_client.post(f"/admin/readers/{marta.pk}/end-sessions/")
    assert ended.status_code == 302
    assert reader.get("/api/v1/readers/me").status_code == 401


@pytest.mark.parametrize("raw", ["99999999999999999999", "007", "-1", "١٢"])
def test_a_reader_id_that_is_not_one_is_a_404(moderator: User, raw: str) -> None:
    client = _client(moderator)

    assert client.get(f"/admin/readers/{raw}/").status_code == 404
    assert client.post(f"/admin/readers/{raw}/end-sessions/").status_code == 404
