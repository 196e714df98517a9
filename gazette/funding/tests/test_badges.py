"""The Supporter badge: donors who ask for it, matched on a verified e-mail."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gazette.discussion.models import Comment
from gazette.funding.models import Drive
from gazette.funding.tests import factories
from gazette.funding.tests import fake_stripe as stripe
from gazette.funding.tests.conftest import PostEvent
from tests.mailbox import text_of
from tests.stamps import stamp

pytestmark = pytest.mark.django_db
KEY = "embed-badge-test"


def _comment(
    client: Client, email: str, text: str = "Thanks for the reporting."
) -> Any:
    response = client.post(
        f"/api/v1/threads/{KEY}/comments",
        {
            "text": text,
            "author_name": "Dana Donor",
            "author_email": email,
            "rendered": stamp(),
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    return response.json()["comment"]


def _badges(client: Client) -> dict[str, Any]:
    thread = client.get(f"/api/v1/threads/{KEY}/comments").json()
    return {c["html"]: c["author"]["badge"] for c in thread["comments"]}


def _donate(post_event: PostEvent, *, badge: bool, email: str) -> int:
    response = Client().post(
        "/api/v1/drives/harbour-desk/checkout",
        {"amount": "30", "email": email, "badge": badge},
        content_type="application/json",
    )
    assert response.status_code == 200
    donation = Drive.objects.get().donations.latest("pk")
    post_event(
        stripe.session_completed(
            donation.pk,
            session_id=donation.checkout_session_id,
            amount=3000,
            payment_intent=f"pi_test_badge_{donation.pk}",
        )
    )
    return donation.pk


def test_the_receipt_link_proves_the_address_and_shows_the_badge(
    drive: Drive,
    post_event: PostEvent,
    mailbox: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    _donate(post_event, badge=True, email="dana@example.org")
    reader, impostor = Client(), Client()
    with django_capture_on_commit_callbacks(execute=True):
        _comment(reader, "dana@example.org", "Before the link.")
        _comment(impostor, "Dana@Example.org", "Typed someone else's address.")
    assert set(_badges(reader).values()) == {None}

    link = re.search(r"http://\S+/support/badge/\S+/", text_of(mailbox.messages[0]))
    assert link, "the receipt has no badge link"
    path = link.group(0).split("8000", 1)[1]
    asked = reader.get(path)
    assert "Show my Supporter badge" in asked.content.decode()
    assert set(_badges(reader).values()) == {None}
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = reader.post(path)
        _comment(reader, "dana@example.org", "After the link.")

    assert confirmed.status_code == 200
    assert _badges(reader) == {
        "<p>Before the link.</p>": "supporter",
        "<p>After the link.</p>": "supporter",
        "<p>Typed someone else's address.</p>": None,
    }


def test_a_signed_in_donor_gets_the_badge_and_a_refund_takes_it(
    client: Client,
    reader: User,
    drive: Drive,
    post_event: PostEvent,
    django_capture_on_commit_callbacks: Any,
) -> None:
    _donate(post_event, badge=True, email=reader.email)
    client.force_login(reader)
    with django_capture_on_commit_callbacks(execute=True):
        _comment(client, "")
    assert set(_badges(client).values()) == {"supporter"}

    post_event(
        stripe.charge_refunded(
            payment_intent=drive.donations.get().payment_intent_id,
            amount=3000,
            refunded=3000,
        )
    )

    assert set(_badges(client).values()) == {None}


def test_no_badge_without_asking_for_it(
    client: Client,
    reader: User,
    drive: Drive,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        factories.gift(drive, "50", donor_email=reader.email)
    client.force_login(reader)
    with django_capture_on_commit_callbacks(execute=True):
        _comment(client, "")

    comment = Comment.objects.get()
    assert comment.email_verified is True
    assert comment.author_badge == ""


def test_a_broken_badge_link_says_so(client: Client) -> None:
    response = client.post("/support/badge/not-a-token/")

    assert response.status_code == 400
    assert "broken" in response.content.decode()
    assert "gazette_proven" not in response.cookies
