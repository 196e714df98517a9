"""Which account a provider's reader opens (the browser test signs in for real)."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from config import env
from gazette.readers.adapter import SocialAccountAdapter
from gazette.readers.holders import Who
from gazette.readers.reader_data import reader_data

pytestmark = pytest.mark.django_db
ANA = "ana@example.org"


@pytest.fixture(autouse=True)
def provider(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "GAZETTE_OIDC_PROVIDERS",
        '[{"id": "op", "name": "Our OP", "issuer": "https://op.example",'
        ' "client_id": "c", "secret": "s"}, {"id": "trusted", "name": "Trusted",'
        ' "issuer": "https://id.example", "client_id": "c", "secret": "s",'
        ' "trust_email": true}]',
    )
    apps = env.oidc_providers("GAZETTE_OIDC_PROVIDERS")
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": apps}}


def _mail_account(email: str = ANA, *, verified: bool = True, **fields: bool) -> User:
    user = User.objects.create_user(
        f"reader-{email}", email=email, password=None, **fields
    )
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def _arrive(provider_id: str, email: str, *, verified: bool = True) -> SocialLogin:
    """A provider's reader, as allauth hands them over before the login."""
    login = SocialLogin(
        user=User(email=email),
        account=SocialAccount(provider=provider_id, uid="op-user-1"),
        email_addresses=[EmailAddress(email=email, verified=verified, primary=True)],
    )
    request = RequestFactory().get("/account/providers/oidc/op/login/callback/")
    request.session = {}  # type: ignore[assignment]
    with context.request_context(request):
        SocialAccountAdapter().pre_social_login(request, login)
    return login


def test_an_address_another_account_holds_opens_it_only_for_a_trusted_provider() -> (
    None
):
    ana = _mail_account()

    untrusted = _arrive("op", ANA)
    assert not untrusted.is_existing
    assert untrusted.email_addresses == []
    assert untrusted.user.email == ""

    trusted = _arrive("trusted", ANA)
    assert trusted.is_existing
    assert trusted.user == ana
    assert SocialAccount.objects.get(provider="trusted").user == ana


def test_a_trusted_provider_needs_both_sides_to_have_verified_the_address() -> None:
    _mail_account(verified=False)

    assert not _arrive("trusted", ANA).is_existing
    assert not _arrive("trusted", "bob@example.org", verified=False).is_existing
    assert not SocialAccount.objects.exists()


def test_a_free_address_goes_with_the_new_account() -> None:
    login = _arrive("op", "new@example.org")

    assert [a.email for a in login.email_addresses] == ["new@example.org"]


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"is_staff": True}, "staff account"),
        ({"is_active": False}, "may not sign in"),
    ],
)
def test_staff_and_closed_accounts_never_sign_in_through_a_provider(
    fields: dict[str, bool], says: str
) -> None:
    _mail_account(ANA, **fields)

    with pytest.raises(ImmediateHttpResponse) as refused:
        _arrive("trusted", ANA)

    assert refused.value.response.status_code == 403
    assert says in refused.value.response.content.decode()
    assert not SocialAccount.objects.exists()


@pytest.mark.parametrize(
    "raw",
    [
        "not json",
        '{"id": "op"}',
        '[{"id": "op", "name": "OP"}]',
        '["op"]',
    ],
)
def test_a_malformed_provider_setting_names_the_variable(
    raw: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GAZETTE_OIDC_PROVIDERS", raw)

    with pytest.raises(ImproperlyConfigured, match="GAZETTE_OIDC_PROVIDERS"):
        env.oidc_providers("GAZETTE_OIDC_PROVIDERS")


def test_the_sign_in_page_offers_each_provider(client: Any, settings: Any) -> None:
    page = client.get("/account/sign-in/").content.decode()

    assert "Sign in with Our OP" in page
    assert 'action="/account/providers/oidc/op/login/"' in page
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": []}}
    assert "Or sign in with" not in client.get("/account/sign-in/").content.decode()


def test_the_account_and_its_data_name_the_provider(client: Any) -> None:
    ana = _mail_account()
    _arrive("trusted", ANA)
    client.force_login(ana)

    page = client.get("/account/").content.decode()

    assert "How you sign in" in page
    assert "Trusted" in page
    data = reader_data(Who.of(ANA))
    assert [(p["provider"], p["id_there"]) for p in data["providers"]] == [
        ("trusted", "op-user-1")
    ]
