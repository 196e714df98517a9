"""Where a reader is signed in: their account page lists it, and ends what they ask."""

from __future__ import annotations

import json

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from gazette.readers import signin
from gazette.readers.holders import Who
from gazette.readers.models import ReaderSession
from gazette.readers.reader_data import reader_data
from gazette.readers.sessions import device_of

pytestmark = pytest.mark.django_db
FIREFOX_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:131.0) Gecko/131.0 Firefox/131.0"
CHROME_LINUX = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
    " Chrome/130.0.0.0 Safari/537.36"
)


def _signed_in(email: str, agent: str) -> Client:
    browser = Client(headers={"User-Agent": agent})
    mailed = signin.request_sign_in(email)
    answer = browser.post(
        "/account/sign-in/code/", {"email": email, "code": mailed.code}
    )
    assert answer.status_code == 302, answer.content
    return browser


def _me(browser: Client) -> int:
    return browser.get("/api/v1/readers/me").status_code


@pytest.mark.parametrize(
    ("agent", "device"),
    [
        (FIREFOX_ANDROID, "Firefox on Android"),
        (CHROME_LINUX, "Chrome on Linux"),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X)"
            " AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148"
            " Safari/604.1",
            "Safari on iPhone",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like"
            " Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0",
            "Edge on Windows",
        ),
        ("curl/8.5.0", "Unknown device"),
        ("", "Unknown device"),
        ("\x00" * 5000, "Unknown device"),
    ],
)
def test_a_device_is_named_as_its_owner_would(agent: str, device: str) -> None:
    assert device_of(agent) == device


def test_the_account_lists_its_sessions_and_ends_one_elsewhere() -> None:
    laptop = _signed_in("ana@example.org", CHROME_LINUX)
    phone = _signed_in("ana@example.org", FIREFOX_ANDROID)

    page = laptop.get("/account/").content.decode()

    assert "Where you are signed in" in page
    assert "Chrome on Linux" in page
    assert "(this browser)" in page
    assert "Firefox on Android" in page
    assert "a mailed code" in page
    other = ReaderSession.objects.get(device="Firefox on Android")
    ended = laptop.post(f"/account/sessions/{other.pk}/end/")
    assert ended.status_code == 200
    assert "That device is signed out." in ended.content.decode()
    assert _me(phone) == 401
    assert _me(laptop) == 200
    assert "Firefox on Android" not in laptop.get("/account/").content.decode()


def test_nobody_ends_another_readers_session() -> None:
    ana = _signed_in("ana@example.org", CHROME_LINUX)
    ben = _signed_in("ben@example.org", FIREFOX_ANDROID)
    bens = ReaderSession.objects.get(device="Firefox on Android")

    refused = ana.post(f"/account/sessions/{bens.pk}/end/")

    assert refused.status_code == 404
    assert _me(ben) == 200
    assert Client().post(f"/account/sessions/{bens.pk}/end/").status_code == 302
    assert ana.post("/account/sessions/99999999999999999999/end/").status_code == 404
    assert ana.get(f"/account/sessions/{bens.pk}/end/").status_code == 405
    assert _me(ben) == 200


def test_signing_out_here_or_everywhere_takes_the_sessions_with_it() -> None:
    laptop = _signed_in("ana@example.org", CHROME_LINUX)
    phone = _signed_in("ana@example.org", FIREFOX_ANDROID)
    tablet = _signed_in("ana@example.org", CHROME_LINUX)

    tablet.post("/account/sign-out/")
    assert ReaderSession.objects.count() == 2
    laptop.post("/account/sign-out/everywhere/")

    assert ReaderSession.objects.count() == 0
    assert _me(phone) == 401
    assert Session.objects.count() <= 1  # at most the signed-out laptop's own


def test_the_readers_data_names_their_sessions() -> None:
    browser = _signed_in("ana@example.org", FIREFOX_ANDROID)

    data = reader_data(Who.of("ana@example.org"))

    assert [s["device"] for s in data["sessions"]] == ["Firefox on Android"]
    assert data["sessions"][0]["signed_in_by"] == "code"
    assert json.loads(browser.get("/api/v1/readers/me").content)["name"] is None
