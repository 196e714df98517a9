"""Reports: no one silences anyone, however many cookies they clear."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gazette.discussion.models import Comment
from gazette.discussion.tests import factories
from gazette.moderation import services
from gazette.moderation.models import AuditEntry, Policy
from gazette.moderation.selectors import tab_queryset

pytestmark = pytest.mark.django_db
API = "/api/v1"


def _report(comment: Comment, n: int, *, network: str, weight: int = 1) -> None:
    services.flag_create(
        comment_id=comment.pk,
        reporter=f"g:{network}-{n}",
        reason="abusive",
        ip_hash=network * 64,
        weight=weight,
    )


def _status(comment: Comment) -> str:
    comment.refresh_from_db()
    return comment.status


def test_cookieless_reports_from_one_network_never_hide_a_comment() -> None:
    comment = factories.posted(text="An unpopular opinion.").comment
    client = Client(REMOTE_ADDR="198.51.100.7")

    answers = [
        Client(REMOTE_ADDR="198.51.100.7")
        .post(
            f"{API}/comments/{comment.pk}/flags",
            {"reason": "abusive"},
            content_type="application/json",
        )
        .status_code
        for _ in range(5)
    ]

    assert answers == [201] * 5
    assert _status(comment) == "published"
    assert client.get(f"{API}/threads/embed-test-thread/comments").json()["count"] == 1


def test_a_report_flood_from_one_network_is_shown_to_moderators() -> None:
    comment = factories.posted(text="An unpopular opinion.").comment
    _report(comment, 1, network="a")
    before = comment.moderation.priority

    for n in range(2, 6):
        _report(comment, n, network="a")

    comment.refresh_from_db()
    assert comment.status == "published"
    assert comment.moderation.flag_count == 5
    assert comment.moderation.priority > before
    assert "many reports from one network" in comment.moderation.reasons
    floods = AuditEntry.objects.filter(comment=comment, rule="report flood")
    assert floods.count() == 1


def test_readers_on_three_networks_hold_it_for_review() -> None:
    comment = factories.posted(text="A comment many object to.").comment

    for network in "ab":
        _report(comment, 1, network=network)
    assert _status(comment) == "published"
    _report(comment, 1, network="c")

    assert _status(comment) == "pending"


def test_proven_readers_weigh_more_than_guests() -> None:
    comment = factories.posted(text="A comment two regulars object to.").comment

    _report(comment, 1, network="a", weight=2)
    assert _status(comment) == "published"
    _report(comment, 1, network="b", weight=2)

    assert _status(comment) == "pending"


def test_a_signed_in_reader_reports_with_an_accounts_weight(
    client: Client, reader: User
) -> None:
    comment = factories.posted(text="A comment two regulars object to.").comment
    client.force_login(reader)

    client.post(
        f"{API}/comments/{comment.pk}/flags",
        {"reason": "abusive"},
        content_type="application/json",
    )

    assert comment.flags.get().weight == 2


def test_a_trusted_commenters_comment_stays_up_until_a_moderator_decides(
    moderator: User,
) -> None:
    email = "regular@example.org"
    proven: dict[str, Any] = {"author_email": email, "proven_emails": {email}}
    for n in range(5):
        factories.posted(text=f"Useful point {n}.", **proven)
    comment = factories.posted(text="A sharp but fair point.", **proven).comment

    for network in "abcdef":
        _report(comment, 1, network=network, weight=2)

    assert _status(comment) == "published"
    assert comment.moderation.flag_count == 6
    assert comment.pk in tab_queryset("reported").values_list("pk", flat=True)
    assert AuditEntry.objects.filter(
        comment=comment, rule="trusted commenter: stays visible"
    ).exists()


def test_a_policy_sets_how_much_reports_must_weigh(article: Any) -> None:
    Policy.objects.create(page=article, reports_to_hold=1)
    comment = factories.posted(
        thread_key=f"page-{article.pk}", text="On a sensitive story."
    ).comment

    _report(comment, 1, network="a")

    assert _status(comment) == "pending"
