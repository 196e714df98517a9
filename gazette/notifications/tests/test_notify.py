"""Notify of: double opt-in, reply and thread mail, the digest, unsubscribing.

Mail goes to a real SMTP server (aiosmtpd) started by the ``mailbox`` fixture.
"""

from __future__ import annotations

import re
from datetime import timedelta
from email.header import decode_header, make_header
from email.message import Message
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from gazette.discussion import services as discussion
from gazette.discussion.models import Comment
from gazette.notifications import tasks
from gazette.notifications.models import Subscription
from tests.mailbox import Mailbox, text_of
from tests.stamps import stamp

pytestmark = pytest.mark.django_db
KEY = "notify-thread"


@pytest.fixture
def post(django_capture_on_commit_callbacks: Any) -> Any:
    """Post through the API; what follows the commit (mail) runs at once."""

    def post_comment(client: Client, text: str, **fields: Any) -> dict[str, Any]:
        fields.setdefault("author_name", "Reader")
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                f"/api/v1/threads/{KEY}/comments",
                {"text": text, "rendered": stamp(), **fields},
                content_type="application/json",
            )
        assert response.status_code == 201, response.content
        return dict(response.json()["comment"])

    return post_comment


@pytest.fixture
def member(reader: User) -> Client:
    """A signed-in reader's browser (their address counts as verified)."""
    client = Client()
    client.force_login(reader)
    return client


@pytest.fixture
def follower(member: Client, post: Any) -> Client:
    """A signed-in reader who follows the whole thread."""
    post(member, "Following along.", notify="thread")
    return member


def _header(message: Message, name: str) -> str:
    """A header's value, unfolded (long ones are wrapped over lines)."""
    return "".join(str(message[name]).split())


def _link(message: Message, name: str) -> str:
    found = re.search(rf"http://\S+/notifications/{name}/\S+/", text_of(message))
    assert found, f"no {name} link in the mail"
    return found.group(0).split("8000", 1)[1]


def test_a_guest_confirms_once_then_gets_the_thread(
    post: Any, mailbox: Mailbox, django_capture_on_commit_callbacks: Any
) -> None:
    guest = Client()
    post(guest, "I follow this.", author_email="gus@example.org", notify="thread")
    [confirmation] = mailbox.messages
    assert confirmation["To"] == "gus@example.org"
    post(Client(), "Before confirming.")
    assert len(mailbox.messages) == 1  # nothing until confirmed

    link = _link(confirmation, "confirm")
    assert "Confirm" in guest.get(link).content.decode()
    assert Subscription.objects.get().confirmed_at is None
    confirmed = guest.post(link)
    assert confirmed.status_code == 200
    assert "gazette_proven" in confirmed.cookies

    post(Client(), "After confirming.", author_name="Other Reader")
    post(guest, "My own words.", author_email="gus@example.org")

    [_, news] = mailbox.messages
    assert "After confirming." in text_of(news)
    assert "Before confirming." not in text_of(news)
    assert _header(news, "List-Unsubscribe").startswith("<http://")
    assert news["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert news.is_multipart()


def test_replies_only_and_signed_in_readers_skip_the_confirmation(
    post: Any, mailbox: Mailbox, reader: User, member: Client
) -> None:
    mine = post(member, "A point worth answering.", notify="replies")
    assert Subscription.objects.get().confirmed_at is not None

    post(Client(), "Not a reply to anyone.")
    post(Client(), "A reply to the member.", parent_id=mine["id"])

    [news] = mailbox.messages
    assert news["To"] == reader.email
    assert "A reply to the member." in text_of(news)
    assert "Not a reply" not in text_of(news)


def test_a_busy_thread_sends_a_digest(
    post: Any, mailbox: Mailbox, follower: Client
) -> None:

    post(Client(), "First reply.")
    post(Client(), "Second reply.")
    post(Client(), "Third reply.")
    assert len(mailbox.messages) == 1
    assert tasks.flush_digests.call() == 0  # the window has not passed

    Subscription.objects.update(last_sent_at=timezone.now() - timedelta(minutes=20))
    assert tasks.flush_digests.call() == 1

    [first, digest] = mailbox.messages
    assert "First reply." in text_of(first)
    assert "Second reply." in text_of(digest)
    assert "Third reply." in text_of(digest)
    assert "2 new comments" in str(make_header(decode_header(digest["Subject"])))


def test_a_held_comment_notifies_once_approved(
    post: Any,
    mailbox: Mailbox,
    follower: Client,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.GAZETTE_MODERATION_MODE = "all"

    held = post(Client(), "Waiting for a moderator.")
    assert mailbox.messages == []

    with django_capture_on_commit_callbacks(execute=True):
        discussion.comment_set_status(
            comment=Comment.objects.get(pk=held["id"]),
            status=Comment.Status.PUBLISHED,
        )
    [news] = mailbox.messages
    assert "Waiting for a moderator." in text_of(news)


def test_one_click_unsubscribe_needs_no_csrf_token(
    post: Any, mailbox: Mailbox, follower: Client
) -> None:
    post(Client(), "Something new.")
    [news] = mailbox.messages
    url = _header(news, "List-Unsubscribe").strip("<>").split("8000", 1)[1]

    response = Client(enforce_csrf_checks=True).post(
        url, {"List-Unsubscribe": "One-Click"}
    )

    assert response.status_code == 200
    assert not Subscription.objects.exists()
    post(Client(), "Something newer.")
    assert len(mailbox.messages) == 1


def test_the_manage_page_lists_and_stops_subscriptions(
    post: Any, mailbox: Mailbox, follower: Client
) -> None:
    post(Client(), "Something new.")
    manage = _link(mailbox.messages[0], "manage")
    subscription = Subscription.objects.get()

    page = Client().get(manage)
    garbage = ["\u00b2", "9" * 40, "-1", "", "x", "\u0661"]
    kept = Client().post(manage, {"stop": garbage})
    assert kept.status_code == 200
    assert Subscription.objects.exists()
    stopped = Client().post(manage, {"stop": [str(subscription.pk)]})

    assert "New follow-up comments" in page.content.decode()
    assert stopped.status_code == 200
    assert not Subscription.objects.exists()


@pytest.mark.parametrize("kind", ["confirm", "unsubscribe", "manage"])
def test_broken_links_say_so(client: Client, kind: str) -> None:
    response = client.get(f"/notifications/{kind}/not-a-token/")

    assert response.status_code == 400
    assert "broken" in response.content.decode()


def test_a_reader_follows_a_thread_without_commenting(
    post: Any,
    mailbox: Mailbox,
    reader: User,
    member: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    post(Client(), "Opening the thread.")
    guest = Client()
    form = {"thread": KEY, "kind": "thread", "next": "/"}

    with django_capture_on_commit_callbacks(execute=True):
        asked = guest.post("/notifications/follow/", {**form, "email": "g@example.org"})
        followed = member.post("/notifications/follow/", form)

    assert "we sent you a link" in asked.content.decode()
    assert "You follow" in followed.content.decode()
    [confirmation] = mailbox.messages
    assert confirmation["To"] == "g@example.org"
    confirmed = {
        s.email: s.confirmed_at is not None for s in Subscription.objects.all()
    }
    assert confirmed == {"g@example.org": False, reader.email: True}
    html = Client().get(f"/embed/threads/{KEY}").content.decode()
    assert 'action="/notifications/follow/"' in html


@pytest.mark.parametrize(
    ("form", "status"),
    [
        ({"thread": KEY, "kind": "thread", "email": "not-an-address"}, 400),
        ({"thread": KEY, "kind": "weekly", "email": "a@example.org"}, 400),
        ({"thread": "no-such-thread", "kind": "thread", "email": "a@example.org"}, 400),
    ],
)
def test_following_refuses_bad_input(
    post: Any, form: dict[str, str], status: int
) -> None:
    post(Client(), "Opening the thread.")

    response = Client().post("/notifications/follow/", form)

    assert response.status_code == status
    assert not Subscription.objects.exists()


def test_following_is_rate_limited(post: Any, settings: Any) -> None:
    settings.GAZETTE_RATELIMIT_FOLLOWS = "2/3600"
    post(Client(), "Opening the thread.")
    client = Client()

    answers = [
        client.post(
            "/notifications/follow/",
            {"thread": KEY, "kind": "thread", "email": f"f{n}@example.org"},
        ).status_code
        for n in range(3)
    ]

    assert answers == [200, 200, 429]


def test_signed_in_readers_get_replies_unless_they_opt_out(
    post: Any, member: Client
) -> None:

    post(member, "No choice made.")
    assert list(Subscription.objects.values_list("kind", flat=True)) == ["replies"]
    Subscription.objects.all().delete()
    post(member, "Opted out.", notify="none")

    assert not Subscription.objects.exists()


def test_mail_is_written_in_the_language_the_reader_used(
    post: Any, mailbox: Mailbox
) -> None:
    spanish = Client(headers={"accept-language": "es"})
    post(spanish, "Sigo el hilo.", author_email="ines@example.org", notify="thread")
    english = Client(headers={"accept-language": "en"})
    post(english, "Following too.", author_email="ed@example.org", notify="thread")

    spanish_mail, english_mail = mailbox.messages

    assert spanish_mail["Subject"].startswith("Confirma tu correo")
    assert english_mail["Subject"].startswith("Confirm your e-mail")
    assert Subscription.objects.get(email="ines@example.org").language == "es"
