"""Statements of reasons, appeals decided by a second moderator, report outcomes."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from gazette.discussion.models import Comment
from gazette.discussion.tests import factories
from gazette.moderation import appeals, services
from gazette.moderation.errors import ModerationError
from gazette.moderation.models import Appeal, AuditEntry, Flag, Policy
from tests.mailbox import Mailbox, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def second(db: None) -> User:
    user = User.objects.create_user("mod2", "mod2@newsroom.example", "mod-pass-2")
    user.groups.add(Group.objects.get(name="Comment moderators"))
    return user


def _rejected(moderator: User, capture: Any, **fields: Any) -> Comment:
    Policy.objects.get_or_create(page=None, defaults={"mode": Policy.Mode.ALL})
    fields.setdefault("author_email", "author@example.org")
    fields.setdefault("text", "The council hid the tender from us all.")
    comment = factories.posted(**fields).comment
    with capture(execute=True):
        services.comments_moderate(
            comment_ids=[comment.pk],
            action="reject",
            moderator=moderator,
            reason="Unproven accusation against a named person.",
        )
    return comment


def _decision(moderator: User, capture: Any) -> AuditEntry:
    """A rejected comment's decision, the one its author may appeal."""
    comment = _rejected(moderator, capture)
    decision = appeals.latest_decision(comment.pk)
    assert decision is not None
    return decision


def _appealed(moderator: User, capture: Any, text: str = "Sourced.") -> Appeal:
    decision = _decision(moderator, capture)
    return appeals.appeal_create(token=appeals.appeal_token(decision), text=text)


def _link(body: str) -> str:
    found = re.search(r"http\S+/comments/appeal/(\S+)/", body)
    assert found, body
    return found.group(0)


def test_the_statement_of_reasons_says_what_why_who_and_how_to_appeal(
    moderator: User, mailbox: Mailbox, django_capture_on_commit_callbacks: Any
) -> None:
    _rejected(moderator, django_capture_on_commit_callbacks)

    body = text_of(mailbox.messages[0])
    assert "The council hid the tender from us all." in body  # what
    assert "Unproven accusation against a named person." in body  # why
    assert "a moderator, a person." in body  # who
    assert "automatic screening held it" in body  # how it was found
    assert "A different moderator" in body
    assert "/comments/appeal/" in _link(body)


def test_an_appeal_reinstated_by_a_second_moderator_is_mailed_and_logged(
    client: Client,
    moderator: User,
    second: User,
    mailbox: Mailbox,
    django_capture_on_commit_callbacks: Any,
) -> None:
    comment = _rejected(moderator, django_capture_on_commit_callbacks)
    path = _link(text_of(mailbox.messages[0])).split("example.org", 1)[-1]
    path = path[path.index("/comments/") :]

    page = client.get(path)
    assert page.status_code == 200
    assert "Unproven accusation" in page.content.decode()
    assert client.post(path, {"text": "It was in the minutes."}).status_code == 302
    again = client.post(path, {"text": "Once more."})
    assert "Your appeal is with a moderator" in again.content.decode()
    assert Appeal.objects.count() == 1

    appeal = Appeal.objects.get()
    with pytest.raises(ModerationError):
        appeals.appeal_decide(appeal_id=appeal.pk, reinstate=True, moderator=moderator)
    with django_capture_on_commit_callbacks(execute=True):
        appeals.appeal_decide(
            appeal_id=appeal.pk, reinstate=True, moderator=second, reason="Sourced."
        )

    comment.refresh_from_db()
    assert comment.status == "published"
    outcome = text_of(mailbox.messages[-1])
    assert mailbox.messages[-1]["To"] == "author@example.org"
    assert "They reinstated it" in outcome
    assert "Sourced." in outcome
    logged = set(
        AuditEntry.objects.filter(comment=comment).values_list("action", flat=True)
    )
    assert {"appealed", "reinstated"} <= logged
    with pytest.raises(ModerationError):
        appeals.appeal_decide(appeal_id=appeal.pk, reinstate=False, moderator=second)


@pytest.mark.parametrize(
    "token", ["x", "eyJjIjoxfQ", "a" * 300, "WzEsMl0:1abc:def", "%00", "e30"]
)
def test_a_forged_or_stale_appeal_link_is_a_clear_404(
    client: Client, token: str
) -> None:
    response = client.post(f"/comments/appeal/{token}/", {"text": "Let me in."})
    assert response.status_code == 404
    assert "not valid or has expired" in response.content.decode()
    assert not Appeal.objects.exists()


def test_an_empty_or_overlong_appeal_is_refused_and_nothing_is_stored(
    client: Client, moderator: User, django_capture_on_commit_callbacks: Any
) -> None:
    decision = _decision(moderator, django_capture_on_commit_callbacks)
    path = reverse("moderation:appeal", args=[appeals.appeal_token(decision)])
    assert client.post(path, {"text": "   "}).status_code == 400
    assert client.post(path, {"text": "x" * 2001}).status_code == 400
    assert not Appeal.objects.exists()


def test_the_admin_decides_appeals_and_refuses_the_first_decider(
    client: Client,
    moderator: User,
    second: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    appeal = _appealed(moderator, django_capture_on_commit_callbacks, "Fair point.")
    client.force_login(moderator)
    listing = client.get(reverse("moderation_appeals")).content.decode()
    assert "another moderator decides the appeal" in listing
    refused = client.post(
        reverse("moderation_appeal_decide", args=[appeal.pk]),
        {"outcome": "reinstate"},
        follow=True,
    )
    assert "another moderator decides it" in refused.content.decode()
    client.force_login(second)
    client.post(
        reverse("moderation_appeal_decide", args=[appeal.pk]), {"outcome": "uphold"}
    )
    appeal.refresh_from_db()
    assert appeal.status == "upheld"
    assert appeal.decided_by == second
    assert Comment.objects.get(pk=appeal.comment_id).status == "rejected"


def test_reporters_who_asked_hear_the_decision_once_then_the_address_is_gone(
    client: Client,
    moderator: User,
    mailbox: Mailbox,
    django_capture_on_commit_callbacks: Any,
) -> None:
    comment = factories.posted(text="The ferry should run at night.").comment
    services.flag_create(
        comment_id=comment.pk,
        reporter="r1",
        reason="abusive",
        notify_email="reporter@example.org",
    )
    services.flag_create(comment_id=comment.pk, reporter="r2", reason="abusive")
    with django_capture_on_commit_callbacks(execute=True):
        services.comments_moderate(
            comment_ids=[comment.pk], action="reject", moderator=moderator
        )
    told = [m for m in mailbox.messages if m["To"] == "reporter@example.org"]
    assert len(told) == 1
    assert "They removed it" in text_of(told[0])
    assert set(Flag.objects.values_list("outcome", flat=True)) == {"removed"}
    assert set(Flag.objects.values_list("notify_email", flat=True)) == {""}


def test_a_report_with_a_bad_address_is_refused_whole(client: Client) -> None:
    comment = factories.posted(text="Ordinary words.").comment
    response = client.post(
        reverse("moderation:report", args=[comment.pk]),
        {"reason": "spam", "notify_email": "not an address"},
    )
    assert response.status_code == 400
    assert "valid e-mail address" in response.content.decode()
    assert not Flag.objects.exists()


def test_the_transparency_report_counts_reports_decisions_appeals_and_reversals(
    client: Client,
    moderator: User,
    second: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    reported = factories.posted(text="The ferry should run at night.").comment
    services.flag_create(comment_id=reported.pk, reporter="r1", reason="spam")
    _appealed(moderator, django_capture_on_commit_callbacks, "Sourced.")
    appeals.appeal_decide(
        appeal_id=Appeal.objects.get().pk, reinstate=True, moderator=second
    )

    client.force_login(moderator)
    page = client.get(reverse("moderation_transparency")).content.decode()
    assert 'data-measure="reports">1<' in page
    assert 'data-measure="appeals">1<' in page
    assert 'data-measure="reversals">1<' in page
    assert 'data-measure="human">2<' in page  # the rejection and the reinstatement

    sheet = client.get(reverse("moderation_transparency"), {"format": "csv"})
    assert sheet["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(sheet.content.decode())))
    by_measure = {
        (r["measure"], r["action"], r["decided_by"]): r["value"] for r in rows
    }
    assert by_measure[("reports received", "", "")] == "1"
    assert by_measure[("decisions", "rejected", "person")] == "1"
    assert by_measure[("decisions", "held", "gazette")] == "1"
    assert by_measure[("reversals on appeal", "", "")] == "1"
    assert float(by_measure[("median hours to a person's decision", "", "")]) >= 0


def test_the_transparency_report_is_for_moderators_only(client: Client) -> None:
    reader = User.objects.create_user("nosy", "n@example.org", "pass-1-long")
    client.force_login(reader)
    response = client.get(reverse("moderation_transparency"), {"format": "csv"})
    assert response.status_code in (302, 403)
    assert b"reports received" not in response.content


GARBAGE = [
    "\x00",
    "nul \x00 inside",
    "\u202eesrever",
    "٣٤٥ digits",
    "\x1b[31m red",
    "x" * 100_000,
    "🙂" * 3000,
    "\r\n\t ",
]


@pytest.mark.parametrize("junk", GARBAGE)
def test_appeals_of_any_text_are_stored_clean_or_refused_never_a_500(
    client: Client, moderator: User, django_capture_on_commit_callbacks: Any, junk: str
) -> None:
    decision = _decision(moderator, django_capture_on_commit_callbacks)
    path = reverse("moderation:appeal", args=[appeals.appeal_token(decision)])

    response = client.post(path, {"text": junk})

    assert response.status_code in (302, 400)
    stored = list(Appeal.objects.values_list("text", flat=True))
    assert all("\x00" not in t and "\x1b" not in t for t in stored)
    assert client.get(path).status_code == 200  # the page still reads


@pytest.mark.parametrize("junk", [*GARBAGE, "a@b", "@example.org", "x@" + "y" * 300])
def test_reports_with_any_address_or_details_never_break_the_comment(
    client: Client, junk: str
) -> None:
    comment = factories.posted(text="Ordinary words.").comment
    response = client.post(
        reverse("moderation:report", args=[comment.pk]),
        {"reason": "other", "text": junk, "notify_email": junk},
    )
    assert response.status_code in (302, 400)
    assert all(
        "\x00" not in f.text and "\x00" not in f.notify_email
        for f in Flag.objects.all()
    )
    assert (
        client.get(f"/api/v1/threads/{comment.thread.key}/comments").status_code == 200
    )


@pytest.mark.parametrize(
    "outcome", ["", "REINSTATE", "reinstate\x00", "uphold;drop", "1", "[]"]
)
def test_the_admin_refuses_an_unknown_appeal_outcome(
    client: Client,
    moderator: User,
    second: User,
    django_capture_on_commit_callbacks: Any,
    outcome: str,
) -> None:
    _appealed(moderator, django_capture_on_commit_callbacks, "Please.")
    client.force_login(second)
    page = client.post(
        reverse("moderation_appeal_decide", args=[Appeal.objects.get().pk]),
        {"outcome": outcome, "reason": "\x00" * 10},
        follow=True,
    )
    assert "Choose to reinstate the comment or uphold." in page.content.decode()
    assert Appeal.objects.get().status == "open"
