"""What readers see: the goal bar, the drive page, the donor wall, the embed."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from gazette.funding import selectors
from gazette.funding.models import Drive
from gazette.funding.tests import factories

pytestmark = pytest.mark.django_db


def _progressbar(html: str) -> dict[str, str]:
    tag = re.search(r'<div class="goal-bar__track" role="progressbar"[^>]*>', html)
    assert tag, "no progress bar on the page"
    return dict(re.findall(r'(aria-value\w+)="([^"]*)"', tag.group(0)))


def test_the_article_shows_the_reference_goal_bar(
    client: Client, drive: Drive, article: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        factories.gift(drive, "3000", donor_email="a@example.org")
        factories.gift(drive, "250", donor_email="b@example.org")

    html = client.get(article.url).content.decode()

    banner = html[html.index('class="drive-banner"') : html.index("</aside>")]
    assert re.findall(r"<li>([^<]+)</li>", banner) == ["$0", "$2,500", "$5,000"]
    assert '<strong class="goal-bar__raised">$3,250</strong>' in banner
    assert "65%" in banner
    assert "2 donors" in banner
    assert _progressbar(banner) == {
        "aria-valuemin": "0",
        "aria-valuemax": "5000.00",
        "aria-valuenow": "3250.00",
        "aria-valuetext": "$3,250 raised of $5,000 (65%)",
    }
    assert 'width="65.0%"' in banner
    assert html.count(f'href="/support/harbour-desk/?from={article.pk}"') == 2
    assert "a@example.org" not in html


def test_the_bar_is_right_beyond_the_goal(
    drive: Drive, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        factories.gift(drive, "6500")

    bar = selectors.goal_bar(drive)

    assert (bar.raised, bar.percent, bar.width) == ("$6,500", "130%", "100.0%")
    assert bar.value_now == Decimal("5000.00")
    assert bar.value_text == "$6,500 raised of $5,000 (130%)"


def test_amounts_follow_the_readers_language(
    drive: Drive, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        factories.gift(drive, "3250")

    with translation.override("es"):
        bar = selectors.goal_bar(drive)
        assert bar.ticks == ["0\xa0US$", "2.500\xa0US$", "5.000\xa0US$"]
        assert (bar.raised, bar.percent) == ("3.250\xa0US$", "65\xa0%")


def test_currencies_are_shown_apart_never_summed(
    client: Client, drive: Drive, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        factories.gift(drive, "100")
        factories.gift(drive, "80", currency="EUR")
        factories.gift(drive, "1000", currency="JPY")

    bar = selectors.goal_bar(drive)
    api = client.get("/api/v1/drives/harbour-desk").json()

    assert bar.raised == "$100"
    assert bar.others == ["€80", "¥1,000"]
    assert api["raised"] == {"EUR": "80.00", "JPY": "1000.00", "USD": "100.00"}
    assert api["percent"] == 2.0
    assert api["donors"] == 3


def test_the_bar_costs_no_query_once_cached(
    drive: Drive, django_assert_num_queries: Any
) -> None:
    selectors.goal_bar(selectors.drive_featured() or drive)

    with django_assert_num_queries(0):
        featured = selectors.drive_featured()
        assert featured is not None
        assert selectors.goal_bar(featured).raised == "$0"


def test_the_donor_wall_lists_only_those_who_asked(
    client: Client, drive: Drive, django_capture_on_commit_callbacks: Any
) -> None:
    factories.gift(drive, "10", donor_name="Wanda Wall", on_wall=True, message="Hi!")
    factories.gift(drive, "10", donor_name="Secret Sam", on_wall=True, anonymous=True)
    factories.gift(drive, "10", donor_name="Quiet Quinn", donor_email="q@example.org")

    html = client.get("/support/harbour-desk/").content.decode()
    wall = html[html.index('class="donor-wall"') :]

    assert "Wanda Wall" in wall
    assert "Hi!" in wall
    assert "Anonymous" in wall
    assert "Secret Sam" not in html
    assert "Quiet Quinn" not in html
    assert "q@example.org" not in html


def test_the_drive_page_offers_presets_and_frequencies(
    client: Client, drive: Drive, stripe_fake: Any
) -> None:
    html = client.get("/support/harbour-desk/?from=12").content.decode()

    for amount in ("10", "25", "50", "100"):
        assert f'name="preset" value="{amount}.00"' in html
    for frequency in ("one_time", "monthly", "yearly"):
        assert f'value="{frequency}"' in html
    assert 'name="article" value="12"' in html
    assert "Continue to payment" in html


def test_support_goes_to_the_featured_drive(client: Client) -> None:
    assert client.get("/support/").status_code == 404
    factories.drive(slug="first", featured=False)
    factories.drive(slug="second")

    response = client.get("/support/")

    assert response.status_code == 302
    assert response["Location"] == "/support/second/"


def test_featuring_a_drive_takes_the_banner_from_the_other(drive: Drive) -> None:
    factories.drive(slug="newer", title="Newer drive")

    drive.refresh_from_db()
    assert drive.featured is False
    assert Drive.objects.get(featured=True).slug == "newer"


def test_the_embed_is_cookie_free_and_framable_where_allowed(
    client: Client, drive: Drive, settings: Any
) -> None:
    settings.GAZETTE_EMBED_ORIGINS = ["https://blog.example"]

    response = client.get("/embed/drives/harbour-desk")
    missing = client.get("/embed/drives/nope")

    assert response.status_code == 200
    assert not response.cookies
    assert "X-Frame-Options" not in response
    assert (
        "frame-ancestors 'self' https://blog.example"
        in (response["Content-Security-Policy"])
    )
    assert 'role="progressbar"' in response.content.decode()
    assert missing.status_code == 404


def test_the_thanks_page_tells_the_donor_where_things_stand(
    client: Client, drive: Drive, stripe_fake: Any
) -> None:
    client.post(
        "/api/v1/drives/harbour-desk/checkout",
        {"amount": "25", "email": "d@example.org"},
        content_type="application/json",
    )
    session = drive.donations.get().checkout_session_id

    pending = client.get(f"/support/harbour-desk/thanks/?session_id={session}")
    unknown = client.get("/support/harbour-desk/thanks/?session_id=cs_nope")

    assert "Your payment is being confirmed" in pending.content.decode()
    assert "harbour beat" in pending.content.decode()
    assert unknown.status_code == 200
    assert "being confirmed" not in unknown.content.decode()


def test_the_drive_page_speaks_spanish(
    client: Client,
    drive: Drive,
    stripe_fake: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        factories.gift(drive, "3250")

    html = client.get(
        "/support/harbour-desk/", HTTP_ACCEPT_LANGUAGE="es"
    ).content.decode()

    assert "Continuar al pago" in html
    assert "3.250\xa0US$" in html
    assert "65\xa0%" in html
