"""Moderators' decisions, bans and reader reports through the services."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from gazette.discussion.errors import Banned, CommentNotFound, InvalidComment
from gazette.discussion.models import Comment, Thread
from gazette.discussion.tests import factories
from gazette.moderation import services, signals
from gazette.moderation.errors import AlreadyReported, ModerationError
from gazette.moderation.models import AuditEntry, Ban, Flag, Policy
from tests.mailbox import Mailbox

pytestmark = pytest.mark.django_db


def held(**fields: Any) -> Comment:
    Policy.objects.get_or_create(page=None, defaults={"mode": Policy.Mode.ALL})
    fields.setdefault("text", "Held for a look.")
    return factories.posted(**fields).comment


def test_approving_publishes_counts_and_audits(
    moderator: User, django_capture_on_commit_callbacks: Any
) -> None:
    comment = held()
    approved: list[Comment] = []

    def receive(sender: Any, comment: Comment, **kwargs: Any) -> None:
        approved.append(comment)

    signals.comment_approved.connect(receive)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.comments_moderate(
                comment_ids=[comment.pk], action="approve", moderator=moderator
            )
    finally:
        signals.comment_approved.disconnect(receive)

    comment.refresh_from_db()
    assert comment.status == "published"
    assert Thread.objects.get(key="embed-test-thread").comment_count == 1
    entry = AuditEntry.objects.filter(comment=comment).first()
    assert entry is not None
    assert entry.action == AuditEntry.Action.APPROVED
    assert entry.actor == moderator
    assert comment.moderation.reviewed_by == moderator
    assert approved == [comment]


def test_rejecting_mails_the_reason_to_an_author_with_an_email(
    moderator: User, mailbox: Mailbox, django_capture_on_commit_callbacks: Any
) -> None:
    comment = held(author_email="author@example.org", text="My hot take.")
    silent = held(text="No address given.")

    with django_capture_on_commit_callbacks(execute=True):
        services.comments_moderate(
            comment_ids=[comment.pk, silent.pk],
            action="reject",
            moderator=moderator,
            reason="Personal attacks are not allowed.",
        )

    assert [m["To"] for m in mailbox.messages] == ["author@example.org"]
    body = mailbox.messages[0].get_payload()
    assert "Personal attacks are not allowed." in body
    assert "My hot take." in body
    assert Comment.objects.filter(status="rejected").count() == 2


def test_unpublishing_a_published_comment_lowers_the_count(moderator: User) -> None:
    comment = factories.posted(text="Fine at first.").comment

    services.comments_moderate(
        comment_ids=[comment.pk], action="spam", moderator=moderator
    )

    assert Thread.objects.get(key="embed-test-thread").comment_count == 0


@pytest.mark.parametrize(
    ("ids", "action"), [([], "approve"), ([1], "delete"), (list(range(1, 300)), "spam")]
)
def test_bad_moderation_requests_are_refused(
    moderator: User, ids: list[int], action: str
) -> None:
    with pytest.raises(ModerationError):
        services.comments_moderate(comment_ids=ids, action=action, moderator=moderator)


def test_banning_from_a_comment_stops_its_author(moderator: User) -> None:
    comment = held(author_email="Troll@Example.org", ip_hash="e" * 64, reader="g:tr")

    made = services.ban_from_comment(
        comment_id=comment.pk,
        kinds=["email", "ip", "reader", "user"],
        days=7,
        moderator=moderator,
        reason="Evading a ban",
    )

    assert sorted(b.kind for b in made) == ["email", "ip", "reader"]
    assert Ban.objects.get(kind="email").value == "troll@example.org"
    entry = AuditEntry.objects.get(comment=comment, action=AuditEntry.Action.BANNED)
    assert entry.rule == "ban: email, ip, reader"
    assert "7 days" in entry.reason
    with pytest.raises(Banned):
        factories.posted(text="I'm back.", ip_hash="e" * 64)


@pytest.mark.parametrize(("kinds", "days"), [([], 7), (["email"], 7), (["ip"], 0)])
def test_bad_bans_are_refused(moderator: User, kinds: list[str], days: int) -> None:
    comment = held(ip_hash="f" * 64)  # no e-mail address

    with pytest.raises(ModerationError):
        services.ban_from_comment(
            comment_id=comment.pk, kinds=kinds, days=days, moderator=moderator
        )
    assert not Ban.objects.exists()


def test_reports_from_enough_readers_hold_a_comment() -> None:
    comment = factories.posted(text="Something contested.").comment
    for i in range(2):
        services.flag_create(
            comment_id=comment.pk,
            reporter=f"g:{i}",
            reason="abusive",
            ip_hash=f"{i}" * 64,
        )
    comment.refresh_from_db()
    assert comment.status == "published"

    services.flag_create(
        comment_id=comment.pk,
        reporter="g:2",
        reason="other",
        text="Doxxing  a  reader",
        ip_hash="2" * 64,
    )

    comment.refresh_from_db()
    assert comment.status == "pending"
    assert comment.moderation.flag_count == 3
    assert Flag.objects.get(reporter="g:2").text == "Doxxing a reader"
    held_entry = AuditEntry.objects.get(comment=comment, action="held")
    assert held_entry.system == "reader reports"
    assert AuditEntry.objects.filter(comment=comment, action="reported").count() == 3
    assert Thread.objects.get(key="embed-test-thread").comment_count == 0


def test_reports_before_an_approval_do_not_hold_it_again(moderator: User) -> None:
    comment = factories.posted(text="Contested but fine.").comment
    for i in range(3):
        services.flag_create(
            comment_id=comment.pk, reporter=f"g:{i}", reason="spam", ip_hash=f"{i}" * 64
        )
    comment.refresh_from_db()
    assert comment.status == "pending"
    services.comments_moderate(
        comment_ids=[comment.pk], action="approve", moderator=moderator
    )

    services.flag_create(
        comment_id=comment.pk, reporter="g:9", reason="spam", ip_hash="9" * 64
    )

    comment.refresh_from_db()
    assert comment.status == "published"


def test_one_report_per_reader_and_bad_reports_are_refused() -> None:
    comment = factories.posted(text="Hmm.").comment
    services.flag_create(comment_id=comment.pk, reporter="g:1", reason="spam")

    with pytest.raises(AlreadyReported):
        services.flag_create(comment_id=comment.pk, reporter="g:1", reason="abusive")
    with pytest.raises(InvalidComment):
        services.flag_create(comment_id=comment.pk, reporter="g:2", reason="boring")
    with pytest.raises(InvalidComment):
        services.flag_create(comment_id=comment.pk, reporter="g:2", reason="other")
    with pytest.raises(CommentNotFound):
        services.flag_create(comment_id=999999, reporter="g:2", reason="spam")
    assert Flag.objects.count() == 1
