"""For the newsroom: gifts entered by hand, reports, the CSV export, the group."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from gazette.funding import totals
from gazette.funding.models import Donation, Drive
from gazette.funding.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def fundraiser(db: None) -> User:
    """A member of the "Fundraisers" group, made by the migration."""
    user = User.objects.create_user("fund", "fund@newsroom.example", "fund-pass-1")
    user.groups.add(Group.objects.get(name="Fundraisers"))
    return user


@pytest.fixture
def staff(client: Client, fundraiser: User) -> Client:
    client.force_login(fundraiser)
    return client


def test_staff_enter_a_cheque_that_counts_and_gets_a_receipt(
    staff: Client,
    drive: Drive,
    mailbox: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            reverse("donation:add"),
            {
                "drive": drive.pk,
                "amount": "120.00",
                "currency": "",
                "method": "cheque",
                "frequency": "one_time",
                "paid_at": "2026-11-20 10:00",
                "donor_name": "Carla Cheque",
                "donor_email": "carla@example.org",
                "message": "",
                "note": "Cheque no. 1042",
                "send_receipt": "on",
            },
        )

    assert response.status_code == 302, response.content.decode()[:2000]
    donation = Donation.objects.get()
    assert (donation.status, donation.provider) == ("paid", "manual")
    assert (donation.amount, donation.currency) == (Decimal("120.00"), "USD")
    assert donation.entered_by is not None
    assert totals.for_drive(drive).main == Decimal("120.00")
    assert "Cheque" in mailbox.messages[0].as_string()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amount": "0"}, "amount"),
        ({"currency": "XYZ"}, "currency"),
        ({"donor_email": ""}, "donor_email"),
    ],
)
def test_a_bad_manual_gift_is_refused(
    staff: Client, drive: Drive, change: dict[str, str], field: str
) -> None:
    data = {
        "drive": drive.pk,
        "amount": "50",
        "currency": "",
        "method": "transfer",
        "frequency": "one_time",
        "paid_at": "2026-11-20 10:00",
        "donor_name": "",
        "donor_email": "x@example.org",
        "send_receipt": "on",
        **change,
    }

    response = staff.post(reverse("donation:add"), data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Donation.objects.exists()


def test_staff_cannot_change_what_a_payment_was(staff: Client, drive: Drive) -> None:
    gift = factories.gift(drive, "30", donor_name="Dee", on_wall=True)

    response = staff.post(
        reverse("donation:edit", args=[gift.pk]),
        {"donor_name": "Dee", "amount": "3000", "message": "", "note": "hidden"},
    )

    gift.refresh_from_db()
    assert response.status_code == 302
    assert gift.amount == Decimal("30.00")
    assert gift.on_wall is False
    assert gift.note == "hidden"


def test_the_report_shows_totals_months_and_articles(
    staff: Client, drive: Drive, article: Any
) -> None:
    factories.gift(drive, "200", article=article)
    factories.gift(drive, "50")
    factories.gift(drive, "40", currency="EUR", article=article)

    html = staff.get(reverse("funding_report", args=[drive.pk])).content.decode()

    assert "This article raised $200" in html
    assert "This article raised €40" in html
    assert "$250" in html
    assert "€40" in html
    assert "$290" not in html


def test_the_csv_export_has_every_donation_and_no_formulas(
    staff: Client, drive: Drive
) -> None:
    factories.gift(drive, "10", donor_name="=HYPERLINK(1)", donor_email="e@example.org")
    factories.gift(drive, "20", donor_name="Plain")

    response: Any = staff.get(reverse("funding_export", args=[drive.pk]))
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body)))

    assert response["Content-Type"].startswith("text/csv")
    assert [row["amount"] for row in rows] == ["10.00", "20.00"]
    assert rows[0]["donor_name"] == "'=HYPERLINK(1)"
    assert rows[0]["donor_email"] == "e@example.org"


def test_reports_are_for_staff_with_the_permission(
    client: Client, reader: User, drive: Drive
) -> None:
    client.force_login(reader)

    assert client.get(reverse("funding_export", args=[drive.pk])).status_code in (
        302,
        403,
    )
    assert client.get(reverse("funding_reports")).status_code in (302, 403)


def test_fundraisers_manage_drives_in_the_admin(staff: Client, drive: Drive) -> None:
    listing = staff.get(reverse("drive:index"))
    donations = staff.get(reverse("donation:index"))
    reports = staff.get(reverse("funding_reports"))

    assert listing.status_code == 200
    assert "Keep the harbour desk open" in listing.content.decode()
    assert donations.status_code == 200
    assert reports.status_code == 200


def test_a_drive_needs_a_real_currency_and_an_end_after_its_start(
    staff: Client, drive: Drive
) -> None:
    response = staff.post(
        reverse("drive:add"),
        {
            "title": "Bad",
            "slug": "bad",
            "goal": "100",
            "currency": "ZZZ",
            "starts_at": "2026-12-01 00:00",
            "ends_at": "2026-11-01 00:00",
            "preset_amounts": "5, ten",
            "thank_you": "",
        },
    )

    errors = response.context["form"].errors
    assert {"currency", "ends_at", "preset_amounts"} <= set(errors)
    assert not Drive.objects.filter(slug="bad").exists()


def test_a_drive_with_donations_cannot_be_deleted(
    client: Client, drive: Drive, django_capture_on_commit_callbacks: Any
) -> None:
    admin = User.objects.create_superuser("boss", "boss@newsroom.example", "b-pass-1")
    client.force_login(admin)
    empty = factories.drive(slug="empty", featured=False)
    factories.gift(drive, "10")

    refused = client.post(reverse("drive:delete", args=[drive.pk]))
    deleted = client.post(reverse("drive:delete", args=[empty.pk]))

    assert refused.status_code == 302
    assert Drive.objects.filter(pk=drive.pk).exists()
    assert deleted.status_code == 302
    assert not Drive.objects.filter(pk=empty.pk).exists()


def test_only_gifts_entered_by_hand_can_be_deleted(
    client: Client, drive: Drive, django_capture_on_commit_callbacks: Any
) -> None:
    admin = User.objects.create_superuser("boss", "boss@newsroom.example", "b-pass-1")
    client.force_login(admin)
    paid = Donation.objects.create(
        drive=drive,
        amount=Decimal("5"),
        currency="USD",
        provider=Donation.Provider.STRIPE,
        status=Donation.Status.PAID,
    )
    with django_capture_on_commit_callbacks(execute=True):
        mistake = factories.gift(drive, "10")
    assert totals.for_drive(drive).main == Decimal("15.00")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("donation:delete", args=[mistake.pk]))
        client.post(reverse("donation:delete", args=[paid.pk]))

    assert list(Donation.objects.values_list("pk", flat=True)) == [paid.pk]
    assert totals.for_drive(drive).main == Decimal("5.00")
