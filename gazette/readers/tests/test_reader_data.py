"""A reader proves their address, downloads their data, and has it erased."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gazette.discussion.models import Comment, Thread
from gazette.discussion.tests import factories as comments
from gazette.funding.models import Donation
from gazette.funding.tests import factories as funding
from gazette.moderation.models import AuditEntry
from gazette.notifications.models import Subscription
from gazette.readers import services
from tests.mailbox import Mailbox, text_of

pytestmark = pytest.mark.django_db
ANA = "ana@example.org"
KEY = "reader-data-thread"


@pytest.fixture
def ana() -> dict[str, Any]:
    """Ana's comment (with another reader's reply), subscription and gift."""
    mine = comments.comment(thread_key=KEY, text="Ana's view.", author_email=ANA)
    reply = comments.comment(
        thread_key=KEY,
        text="Bo answers.",
        author_email="bo@example.org",
        parent_id=mine.pk,
    )
    comments.comment(thread_key=KEY, text="Bo alone.", author_email="bo@example.org")
    Subscription.objects.create(
        email=ANA, thread=Thread.objects.get(key=KEY), kind="thread"
    )
    gift = funding.gift(
        funding.drive(), "25.00", donor_email=ANA.upper(), message="For the desk."
    )
    return {"comment": mine, "reply": reply, "gift": gift}


def _link(client: Client, mailbox: Mailbox, email: str) -> str:
    response = client.post("/privacy/my-data/", {"email": email})
    assert response.status_code == 200
    [mail] = mailbox.messages
    found = re.search(r"https?://\S+(/privacy/my-data/\S+/)", text_of(mail))
    assert found, "no link in the mail"
    return found.group(1)


def test_a_reader_downloads_everything_about_their_address(
    client: Client, mailbox: Mailbox, ana: dict[str, Any]
) -> None:
    link = _link(client, mailbox, ANA)

    asked = client.get(link).content.decode()
    page = client.post(link, follow=True).content.decode()
    data = client.get("/privacy/my-data/yours/download.json")

    assert "Show my data" in asked
    assert "Ana" not in asked
    assert "1 comments, 1 subscriptions and 1 donations" in page
    assert data["Content-Disposition"].startswith("attachment")
    body = data.json()
    assert [c["text"] for c in body["comments"]] == ["Ana's view."]
    assert [s["notify_of"] for s in body["subscriptions"]] == ["thread"]
    assert [d["message"] for d in body["donations"]] == ["For the desk."]
    assert "bo@example.org" not in json.dumps(body)


def test_the_request_page_says_the_same_for_unknown_addresses(
    client: Client, mailbox: Mailbox, ana: dict[str, Any]
) -> None:
    def answer(email: str) -> str:
        page = client.post("/privacy/my-data/", {"email": email}).content.decode()
        return page[page.index("<article") : page.index("</article>")]

    known, unknown = answer(ANA), answer("nobody@example.org")
    bad = client.post("/privacy/my-data/", {"email": "not an address"})

    assert known == unknown
    assert "link is on its way" in known
    assert bad.status_code == 400
    assert "Enter your e-mail address" in bad.content.decode()


def test_bad_or_forged_links_show_nothing(client: Client, ana: dict[str, Any]) -> None:
    forged = services.token_for(ANA)[:-3] + "abc"

    for response in (
        client.get(f"/privacy/my-data/{forged}/"),
        client.post(f"/privacy/my-data/{forged}/"),
        client.get("/privacy/my-data/yours/"),
        client.get("/privacy/my-data/yours/download.json"),
        client.post("/privacy/my-data/yours/erase/", {"confirm": "yes"}),
    ):
        assert response.status_code == 400
        assert "Ana" not in response.content.decode()


def test_a_mailed_link_opens_the_data_once_in_one_browser(
    client: Client, mailbox: Mailbox, ana: dict[str, Any]
) -> None:
    link = _link(client, mailbox, ANA)
    other = Client()

    first = client.post(link)
    again = other.post(link)

    assert first.status_code == 302
    assert again.status_code == 400
    assert other.get("/privacy/my-data/yours/download.json").status_code == 400
    assert client.get("/privacy/my-data/yours/download.json").status_code == 200


def test_a_link_signed_for_another_purpose_opens_nothing(
    client: Client, ana: dict[str, Any]
) -> None:
    from gazette.notifications import tokens
    from gazette.readers import identity

    for token in (identity.email_proof(ANA), tokens.make("manage", ANA)):
        assert client.post(f"/privacy/my-data/{token}/").status_code == 400


def test_erasure_anonymizes_comments_and_keeps_the_thread(
    client: Client, mailbox: Mailbox, ana: dict[str, Any]
) -> None:
    client.post(_link(client, mailbox, ANA))
    erase = "/privacy/my-data/yours/erase/"

    refused = client.post(erase, {"comments": "anonymize"})
    done = client.post(erase, {"comments": "anonymize", "confirm": "yes"})

    assert refused.status_code == 400
    assert done.status_code == 200
    mine = Comment.objects.get(pk=ana["comment"].pk)
    assert (mine.author_name, mine.author_email, mine.text) == (
        "Anonymous",
        "",
        "Ana's view.",
    )
    assert Comment.objects.get(pk=ana["reply"].pk).parent_id == mine.pk
    assert not Subscription.objects.exists()
    gift = Donation.objects.get(pk=ana["gift"].pk)
    assert (gift.donor_email, gift.donor_name, gift.message) == ("", "", "")
    assert str(gift.amount) == "25.00"
    assert AuditEntry.objects.filter(action=AuditEntry.Action.ERASED).count() == 1
    assert services.summary_for(ANA) == services.Summary(0, 0, 0)


def test_erasure_can_remove_the_words_too(ana: dict[str, Any]) -> None:
    thread = Thread.objects.get(key=KEY)
    before = thread.comment_count

    services.erase(ANA, remove_comments=True)

    mine = Comment.objects.get(pk=ana["comment"].pk)
    assert (mine.status, mine.text, mine.html) == (Comment.Status.DELETED, "", "")
    thread.refresh_from_db()
    assert thread.comment_count == before - 1
    assert Comment.objects.get(pk=ana["reply"].pk).text == "Bo answers."


def test_a_signed_in_reader_needs_no_mail(
    client: Client, mailbox: Mailbox, reader: User
) -> None:
    comments.comment(thread_key=KEY, text="From my account.", user=reader)
    client.force_login(reader)

    response = client.get("/privacy/my-data/", follow=True)

    assert "1 comments" in response.content.decode()
    assert mailbox.messages == []


def test_requests_are_rate_limited(
    client: Client, settings: Any, mailbox: Mailbox
) -> None:
    settings.GAZETTE_RATELIMIT_DATA_REQUESTS = "2/3600"

    codes = [
        client.post("/privacy/my-data/", {"email": f"r{n}@example.org"}).status_code
        for n in range(3)
    ]

    assert codes == [200, 200, 429]
    assert len(mailbox.messages) == 2


def test_staff_with_user_rights_answer_requests_in_the_admin(
    admin_client: Client, editor: User, ana: dict[str, Any]
) -> None:
    editors = Client()
    editors.force_login(editor)

    page = admin_client.get("/admin/reader-data/", {"email": ANA})
    data = admin_client.get("/admin/reader-data/download/", {"email": ANA}).json()
    erased = admin_client.post(
        "/admin/reader-data/erase/",
        {"email": ANA, "comments": "remove", "confirm": "yes"},
    )

    refused = editors.get("/admin/reader-data/", {"email": ANA})
    assert refused.status_code in (302, 403)
    assert "1 comments" not in refused.content.decode()
    assert "1 comments, 1 subscriptions, 1 donations." in page.content.decode()
    assert [c["text"] for c in data["comments"]] == ["Ana's view."]
    assert erased.status_code == 302
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ERASED)
    assert entry.actor is not None
    assert Comment.objects.get(pk=ana["comment"].pk).status == Comment.Status.DELETED
