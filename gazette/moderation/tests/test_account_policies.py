"""Policies for accounts: who may comment, and new accounts pre-moderated."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from gazette.discussion.errors import SignInRequired
from gazette.discussion.models import Comment
from gazette.discussion.tests import factories
from gazette.moderation.models import AuditEntry, Policy
from tests.stamps import stamp

pytestmark = pytest.mark.django_db


def _key(article: Any) -> str:
    return f"page-{article.pk}"


def test_signed_in_only_refuses_guests_and_takes_accounts(
    article: Any, reader: User
) -> None:
    Policy.objects.create(page=article.get_parent(), who_may_comment="accounts")

    with pytest.raises(SignInRequired):
        factories.posted(thread_key=_key(article), author_name="Guest")
    assert not Comment.objects.exists()

    mine = factories.posted(thread_key=_key(article), user=reader).comment
    assert mine.status == "published"


def test_the_api_answers_a_guest_403_and_the_page_asks_to_sign_in(
    client: Client, article: Any
) -> None:
    Policy.objects.create(page=None, who_may_comment="accounts")

    response = client.post(
        f"/api/v1/threads/{_key(article)}/comments",
        json.dumps({"text": "Hello.", "author_name": "Guest", "rendered": stamp()}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert json.loads(response.content)["code"] == "sign_in_required"

    page = client.get(article.url).content.decode()
    assert "Only signed-in readers comment on this article." in page
    assert 'id="comment-form"' not in page


def test_guests_held_holds_guests_and_publishes_accounts(
    article: Any, reader: User
) -> None:
    Policy.objects.create(page=article, who_may_comment="guests_held")

    guest = factories.posted(thread_key=_key(article), author_name="Guest").comment
    account = factories.posted(thread_key=_key(article), user=reader).comment

    assert guest.status == "pending"
    decision = AuditEntry.objects.filter(comment=guest).latest("pk")
    assert decision.rule == "policy: pre-moderate guests"
    assert account.status == "published"


def test_new_accounts_wait_for_review_for_the_policys_hours(
    article: Any, reader: User, settings: Any
) -> None:
    settings.GAZETTE_MODERATION_NEW_ACCOUNT_HOURS = 24

    new = factories.posted(thread_key=_key(article), user=reader).comment
    assert new.status == "pending"

    User.objects.filter(pk=reader.pk).update(
        date_joined=timezone.now() - timedelta(hours=25)
    )
    reader.refresh_from_db()
    older = factories.posted(thread_key=_key(article), user=reader, text="Later.")
    assert older.comment.status == "published"

    Policy.objects.create(page=article, new_account_hours=0)  # the article says off
    reader.date_joined = timezone.now()
    reader.save()
    assert (
        factories.posted(
            thread_key=_key(article), user=reader, text="Off here."
        ).comment.status
        == "published"
    )
