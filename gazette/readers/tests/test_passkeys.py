"""Passkeys: the server's side (the browser test makes and uses one for real)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gazette.readers.holders import Who
from gazette.readers.reader_data import reader_data

pytestmark = pytest.mark.django_db


def _post(client: Client, path: str, body: Any = None) -> Any:
    return client.post(
        f"/api/v1/readers/{path}",
        json.dumps(body if body is not None else {}),
        content_type="application/json",
    )


@pytest.fixture
def fresh(reader: User) -> Client:
    client = Client()
    client.force_login(reader)  # sets last_login: a sign-in of just now
    return client


def test_options_for_a_new_passkey_ask_for_a_discoverable_one(fresh: Client) -> None:
    options = _post(fresh, "passkeys/options")

    assert options.status_code == 200
    key = json.loads(options.content)["publicKey"]
    assert key["authenticatorSelection"]["residentKey"] == "required"
    assert key["authenticatorSelection"]["userVerification"] == "required"
    assert key["user"]["displayName"] == "Rita Reader"
    assert key["rp"]["id"] == "testserver"


def test_adding_a_passkey_takes_a_recent_sign_in(reader: User) -> None:
    stale = Client()
    stale.force_login(reader)
    User.objects.filter(pk=reader.pk).update(
        last_login=timezone.now() - timedelta(minutes=16)
    )

    refused = _post(stale, "passkeys/options")

    assert refused.status_code == 403
    assert "sign in again" in json.loads(refused.content)["detail"]
    assert _post(Client(), "passkeys/options").status_code == 401


@given(
    credential=st.dictionaries(
        st.text(max_size=20),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=40),
            lambda inner: (
                st.lists(inner, max_size=3)
                | st.dictionaries(st.text(max_size=10), inner, max_size=3)
            ),
            max_leaves=8,
        ),
        max_size=6,
    )
)
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_any_answer_a_stranger_makes_up_is_refused_cleanly(
    fresh: Client, credential: dict[str, Any]
) -> None:
    _post(fresh, "passkeys/options")
    added = _post(fresh, "passkeys", {"name": "Mine", "credential": credential})
    assert added.status_code == 400, added.content

    stranger = Client()
    _post(stranger, "sign-in/passkey/options")
    signed = _post(stranger, "sign-in/passkey", {"credential": credential})
    assert signed.status_code == 400, signed.content
    assert stranger.get("/api/v1/readers/me").status_code == 401
    assert not Authenticator.objects.exists()


def test_an_answer_without_a_challenge_first_is_refused() -> None:
    stranger = Client()
    answer = {"id": "AAAA", "rawId": "AAAA", "type": "public-key", "response": {}}

    refused = _post(stranger, "sign-in/passkey", {"credential": answer})

    assert refused.status_code == 400
    assert "not one this site knows" in json.loads(refused.content)["detail"]


def test_a_reader_removes_only_their_own_passkey(fresh: Client, reader: User) -> None:
    other = User.objects.create_user("someone-else")
    theirs = Authenticator.objects.create(
        user=other, type=Authenticator.Type.WEBAUTHN, data={"name": "Theirs"}
    )
    mine = Authenticator.objects.create(
        user=reader, type=Authenticator.Type.WEBAUTHN, data={"name": "My phone"}
    )
    page = fresh.get("/account/").content.decode()
    assert "My phone" in page
    assert "Theirs" not in page

    assert fresh.post(f"/account/passkeys/{theirs.pk}/remove/").status_code == 404
    removed = fresh.post(f"/account/passkeys/{mine.pk}/remove/")

    assert removed.status_code == 200
    assert "The passkey is removed." in removed.content.decode()
    assert list(Authenticator.objects.values_list("pk", flat=True)) == [theirs.pk]


def test_the_readers_data_names_their_passkeys(reader: User) -> None:
    Authenticator.objects.create(
        user=reader, type=Authenticator.Type.WEBAUTHN, data={"name": "My phone"}
    )

    data = reader_data(Who.of(reader.email))

    assert [key["name"] for key in data["passkeys"]] == ["My phone"]
    assert "credential" not in json.dumps(data)


@pytest.mark.parametrize("pk", ["99999999999999999999", "-1", "0", "\u0661", "abc"])
def test_removing_a_passkey_by_a_made_up_id_is_a_clean_404(
    fresh: Client, pk: str
) -> None:
    assert fresh.post(f"/account/passkeys/{pk}/remove/").status_code == 404
