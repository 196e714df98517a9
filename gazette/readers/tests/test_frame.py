"""Inside an embed with cookies blocked, the frame holds its session itself."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import jwt
import pytest
from django.contrib.auth.models import User
from django.core import signing
from django.test import Client

from gazette.readers import signin
from gazette.readers.models import SsoLink, SsoSite
from tests.frame import Frame

pytestmark = pytest.mark.django_db


@pytest.fixture
def site() -> SsoSite:
    return SsoSite.objects.create(name="Harbour Blog", key="harbour-blog")


def _token(site: SsoSite, sub: str = "user-7") -> str:
    now = int(time.time())
    claims = {"iss": site.key, "sub": sub, "name": f"Reader {sub}", "iat": now}
    claims |= {"exp": now + 300, "jti": uuid.uuid4().hex}
    return jwt.encode(claims, site.secret, algorithm="HS256")


def test_a_frame_signs_in_by_sso_and_stays_signed_in_without_cookies(
    site: SsoSite,
) -> None:
    frame = Frame()
    assert frame.me().status_code == 401

    signed = frame.call("POST", "/api/v1/readers/sso", {"token": _token(site)})

    assert signed.status_code == 200, signed.content
    assert signed["Cache-Control"] == "private, no-store"
    held = frame.headers["X-Gazette-Session"]
    assert held != "new"
    me = frame.me()
    assert me.status_code == 200
    assert json.loads(me.content)["name"] == "Reader user-7"
    assert json.loads(me.content)["id"] == SsoLink.objects.get().user_id
    # Without the header (and with no cookie) the same request is a stranger's.
    assert Client().get("/api/v1/readers/me").status_code == 401


def test_a_frame_signs_in_by_the_mailed_code() -> None:
    frame = Frame()
    mailed = signin.request_sign_in("ana@example.org")

    signed = frame.call(
        "POST",
        "/api/v1/readers/sign-in/code",
        {"email": "ana@example.org", "code": mailed.code},
    )

    assert signed.status_code == 200, signed.content
    assert json.loads(frame.me().content)["email"] == "ana@example.org"
    named = frame.call("PATCH", "/api/v1/readers/me", {"name": "Ana Frame"})
    assert named.status_code == 200, named.content
    assert json.loads(frame.me().content)["name"] == "Ana Frame"


def test_signing_out_or_a_ban_ends_a_frames_session(site: SsoSite) -> None:
    frame, other = Frame(), Frame()
    frame.call("POST", "/api/v1/readers/sso", {"token": _token(site)})
    other.call("POST", "/api/v1/readers/sso", {"token": _token(site, "user-8")})
    old = frame.headers["X-Gazette-Session"]

    out = frame.call("POST", "/api/v1/readers/sign-out")

    assert out.status_code == 204
    assert out["X-Gazette-Session"] == ""
    frame.headers["X-Gazette-Session"] = old  # a copy kept from before
    assert frame.me().status_code == 401
    assert other.me().status_code == 200
    signin.end_sessions(User.objects.get(sso_links__external_id="user-8"))
    assert other.me().status_code == 401


@pytest.mark.parametrize(
    "forged",
    [
        "",
        "garbage",
        "x" * 5000,
        signing.dumps("a-session-key-never-signed-for-frames"),
        signing.dumps(12345, salt="gazette.readers.frame-session"),
    ],
)
def test_a_forged_or_foreign_session_header_is_a_stranger(
    site: SsoSite, forged: str
) -> None:
    Frame().call("POST", "/api/v1/readers/sso", {"token": _token(site)})
    frame = Frame()
    frame.headers["X-Gazette-Session"] = forged

    assert frame.me().status_code == 401


def test_the_header_is_read_only_by_the_api(site: SsoSite, article: Any) -> None:
    frame = Frame()
    frame.call("POST", "/api/v1/readers/sso", {"token": _token(site)})

    page = Client().get(
        article.url, HTTP_X_GAZETTE_SESSION=frame.headers["X-Gazette-Session"]
    )

    assert page.status_code == 200
    assert "X-Gazette-Session" not in page
    assert b'name="author_name"' in page.content  # the form asks a guest's name


def test_a_frame_on_the_newsrooms_own_site_takes_the_cookies_session(
    site: SsoSite,
) -> None:
    browser = Client()  # keeps cookies: the embed is first-party here
    browser.post(
        "/api/v1/readers/sso",
        json.dumps({"token": _token(site)}),
        content_type="application/json",
    )

    me = browser.get("/api/v1/readers/me", HTTP_X_GAZETTE_SESSION="new")

    assert me.status_code == 200
    held = Frame()
    held.headers["X-Gazette-Session"] = me["X-Gazette-Session"]
    assert held.me().status_code == 200


def test_a_partitioned_cookie_keeps_the_frame_signed_in_across_reloads(
    site: SsoSite,
) -> None:
    frame = Frame(partitioned=True)
    signed = frame.call("POST", "/api/v1/readers/sso", {"token": _token(site)})
    cookie = signed.cookies["gazette_frame"].output()
    for attribute in ("Partitioned", "Secure", "SameSite=None", "HttpOnly"):
        assert attribute in cookie, cookie
    assert "Path=/api/" in cookie

    frame.reload()

    assert frame.me().status_code == 200
    assert frame.call("POST", "/api/v1/readers/sign-out").status_code == 204
    assert frame.jar == {}
    frame.reload()
    assert frame.me().status_code == 401


def test_the_partitioned_cookie_is_read_only_with_the_header(site: SsoSite) -> None:
    frame = Frame(partitioned=True)
    frame.call("POST", "/api/v1/readers/sso", {"token": _token(site)})
    client = Client()
    client.cookies["gazette_frame"] = frame.jar["gazette_frame"]

    # A form on the embedding site would send the cookie, but never the header.
    assert client.get("/api/v1/readers/me").status_code == 401
    assert client.post("/api/v1/readers/sign-out").status_code == 204
    assert frame.me().status_code == 200


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "garbage",
        "x" * 5000,
        "\xd9\xa1\xd9\xa2",  # Arabic-Indic digits, as WSGI hands their UTF-8 over
        signing.dumps({"sessionid": 12345}, salt="gazette.readers.frame-cookies"),
        signing.dumps(["sessionid"], salt="gazette.readers.frame-cookies"),
        signing.dumps({"sessionid": "not-a-session-key-at-all"}),
    ],
)
def test_a_garbage_partitioned_cookie_is_a_stranger(garbage: str) -> None:
    client = Client()
    client.cookies["gazette_frame"] = garbage

    me = client.get("/api/v1/readers/me", HTTP_X_GAZETTE_SESSION="new")

    assert me.status_code == 401
    assert me["X-Gazette-Session"] == ""
