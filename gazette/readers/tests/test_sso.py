"""Single sign-on: a token an embedding site signs becomes a Gazette session."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth.models import User
from django.test import Client

from gazette.readers import signin
from gazette.readers.models import Profile, SsoLink, SsoSite, SsoTokenUse

pytestmark = pytest.mark.django_db


@pytest.fixture
def site() -> SsoSite:
    return SsoSite.objects.create(name="Harbour Blog", key="harbour-blog")


def _token(site: SsoSite, key: Any = None, alg: str = "HS256", **claims: Any) -> str:
    now = int(time.time())
    body = {
        "iss": site.key,
        "sub": "user-42",
        "name": "Nadia Harbour",
        "email": "nadia@blog.example",
        "iat": now,
        "exp": now + 300,
        "jti": uuid.uuid4().hex,
        **claims,
    }
    body = {k: v for k, v in body.items() if v is not None}
    return jwt.encode(body, key if key is not None else site.secret, algorithm=alg)


def _sso(client: Client, token: Any) -> Any:
    return client.post(
        "/api/v1/readers/sso",
        json.dumps({"token": token}),
        content_type="application/json",
    )


def test_a_site_signs_its_user_in_and_again_to_the_same_account(site: SsoSite) -> None:
    client = Client()

    signed = _sso(client, _token(site))

    assert signed.status_code == 200, signed.content
    me = json.loads(client.get("/api/v1/readers/me").content)
    link = SsoLink.objects.get(site=site, external_id="user-42")
    assert me["id"] == link.user_id
    assert Profile.objects.get(user=link.user).display_name == "Nadia Harbour"
    again = Client()
    assert _sso(again, _token(site)).status_code == 200
    assert json.loads(again.get("/api/v1/readers/me").content)["id"] == link.user_id
    assert User.objects.filter(sso_links__site=site).count() == 1


def _forged(site: SsoSite) -> dict[str, str]:
    now = int(time.time())
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    unsigned = jwt.encode(
        {"iss": site.key, "sub": "x", "iat": now, "exp": now + 60, "jti": "n"},
        key="",
        algorithm="none",
    )
    return {
        "alg none": unsigned,
        "wrong secret": _token(site, key="not-the-secret-" + "x" * 20),
        "RS256 without a JWKS URL": _token(site, key=other, alg="RS256"),
        "expired": _token(site, iat=now - 900, exp=now - 600),
        "issued in the future": _token(site, iat=now + 600, exp=now + 900),
        "lives too long": _token(site, exp=now + 86400),
        "no jti": _token(site, jti=None),
        "no sub": _token(site, sub=None),
        "a stranger's issuer": _token(site, iss="someone-else"),
        "not a JWT": "hello.world",
        "HS512": _token(site, alg="HS512"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "alg none",
        "wrong secret",
        "RS256 without a JWKS URL",
        "expired",
        "issued in the future",
        "lives too long",
        "no jti",
        "no sub",
        "a stranger's issuer",
        "not a JWT",
        "HS512",
    ],
)
def test_bad_tokens_get_a_clear_401_and_write_nothing(site: SsoSite, case: str) -> None:
    client = Client()

    refused = _sso(client, _forged(site)[case])

    assert refused.status_code == 401, (case, refused.content)
    body = json.loads(refused.content)
    assert body["code"] == "sso_refused"
    assert body["detail"]
    assert client.get("/api/v1/readers/me").status_code == 401
    assert not SsoLink.objects.exists()
    assert not User.objects.exists()


def test_a_replayed_token_is_refused(site: SsoSite) -> None:
    token = _token(site)
    assert _sso(Client(), token).status_code == 200

    replayed = _sso(Client(), token)

    assert replayed.status_code == 401
    assert "used already" in json.loads(replayed.content)["detail"]
    assert SsoTokenUse.objects.count() == 1


def test_a_site_cannot_take_over_a_readers_account_by_their_address(
    site: SsoSite,
) -> None:
    reader, _new = signin.account_for("nadia@blog.example")

    client = Client()
    assert _sso(client, _token(site)).status_code == 200

    assert json.loads(client.get("/api/v1/readers/me").content)["id"] != reader.pk


def test_an_inactive_site_and_a_banned_account_are_refused(site: SsoSite) -> None:
    from gazette.moderation.models import Ban

    assert _sso(Client(), _token(site)).status_code == 200
    link = SsoLink.objects.get()
    Ban.objects.create(kind="user", value=str(link.user_id))
    assert _sso(Client(), _token(site)).status_code == 401

    SsoSite.objects.update(active=False)
    assert _sso(Client(), _token(site, sub="user-7")).status_code == 401


@pytest.mark.parametrize("token", [None, 5, "", "x" * 9000, ["a"]])
def test_what_is_not_a_token_is_refused(site: SsoSite, token: Any) -> None:
    assert _sso(Client(), token).status_code in (400, 401)
    assert not User.objects.exists()


@pytest.fixture
def jwks() -> Iterator[tuple[Any, str]]:
    """A real JWKS endpoint on loopback, publishing one RSA key."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    body = json.dumps({"keys": [{**public, "kid": "k1", "use": "sig"}]}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield key, f"http://127.0.0.1:{server.server_address[1]}/jwks.json"
    finally:
        server.shutdown()


def test_rs256_tokens_are_checked_against_the_sites_jwks(
    site: SsoSite, jwks: tuple[Any, str]
) -> None:
    key, url = jwks
    site.jwks_url = url
    site.save()
    now = int(time.time())
    claims = {"iss": site.key, "sub": "rs-1", "iat": now, "exp": now + 60}

    good = jwt.encode(
        {**claims, "jti": "a"}, key, algorithm="RS256", headers={"kid": "k1"}
    )
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    bad = jwt.encode(
        {**claims, "jti": "b"}, other, algorithm="RS256", headers={"kid": "k1"}
    )

    assert _sso(Client(), good).status_code == 200
    assert _sso(Client(), bad).status_code == 401


def test_sites_are_kept_in_the_admin_with_a_secret_made_for_them(
    admin_client: Client, site: SsoSite
) -> None:
    listing = admin_client.get("/admin/snippets/readers/ssosite/")
    assert listing.status_code == 200
    assert "Harbour Blog" in listing.content.decode()

    edit = admin_client.get(f"/admin/snippets/readers/ssosite/edit/{site.pk}/")
    assert edit.status_code == 200
    assert site.secret in edit.content.decode()
    assert len(site.secret) >= 40
    assert SsoSite.objects.create(name="B", key="b").secret != site.secret


@pytest.mark.parametrize(
    "document",
    [b"not json", b'{"keys": 5}', b'{"keys": [{"kty": "RSA"}]}', b"[" * 5000, b""],
)
def test_a_broken_jwks_document_refuses_the_token_and_breaks_nothing(
    site: SsoSite, document: bytes
) -> None:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(document)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        site.jwks_url = f"http://127.0.0.1:{server.server_address[1]}/jwks.json"
        site.save()
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        now = int(time.time())
        token = jwt.encode(
            {"iss": site.key, "sub": "s", "iat": now, "exp": now + 60, "jti": "j"},
            key,
            algorithm="RS256",
            headers={"kid": "k1"},
        )
        assert _sso(Client(), token).status_code == 401
        assert _sso(Client(), _token(site)).status_code == 200  # HS256 still works
    finally:
        server.shutdown()


def test_a_site_never_signs_in_an_account_made_staff(site: SsoSite) -> None:
    assert _sso(Client(), _token(site)).status_code == 200
    User.objects.filter(sso_links__site=site).update(is_staff=True)

    refused = _sso(Client(), _token(site))

    assert refused.status_code == 401
    assert "staff account" in json.loads(refused.content)["detail"]
