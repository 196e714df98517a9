"""Posting, editing, deleting and voting through the services."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any, ClassVar

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gazette.discussion import selectors, services, signals
from gazette.discussion.errors import (
    CommentNotFound,
    InvalidComment,
    NotAllowed,
    ThreadNotFound,
    VoteLimitReached,
)
from gazette.discussion.models import Comment, Thread
from gazette.discussion.pipeline import PublishEverything
from gazette.discussion.tests import factories

pytestmark = pytest.mark.django_db


def test_a_guest_comment_is_published_and_counted() -> None:
    posted = factories.posted(text="Hello *world*", author_email="ana@example.org")

    comment = posted.comment
    assert comment.status == Comment.Status.PUBLISHED
    assert comment.html == "<p>Hello <em>world</em></p>"
    assert comment.author_email == "ana@example.org"
    assert posted.edit_token
    assert posted.edit_token not in comment.edit_token_hash
    assert Thread.objects.get(key="embed-test-thread").comment_count == 1


def test_article_threads_need_a_live_article(article: Any) -> None:
    factories.comment(thread_key=f"page-{article.pk}")

    assert Thread.objects.get(key=f"page-{article.pk}").page_id == article.pk
    with pytest.raises(ThreadNotFound):
        factories.comment(thread_key="page-999999")
    with pytest.raises(ThreadNotFound):
        factories.comment(thread_key="page-abc")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"text": "   "}, "text"),
        ({"text": "x" * 5001}, "text"),
        ({"author_name": ""}, "author_name"),
        ({"author_name": "n" * 81}, "author_name"),
        ({"author_email": "not-an-email"}, "author_email"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    fields: dict[str, str], field: str
) -> None:
    with pytest.raises(InvalidComment) as error:
        factories.posted(**fields)

    assert field in error.value.errors
    assert Comment.objects.count() == 0
    assert Thread.objects.count() == 0


def test_signed_in_readers_post_under_their_display_name(reader: Any) -> None:
    comment = factories.posted(author_name="Someone else", user=reader).comment

    assert comment.author_name == "Rita Reader"
    assert comment.author_email == reader.email
    assert comment.user == reader


def test_an_account_made_by_staff_posts_under_its_full_name() -> None:
    made = User.objects.create_user("rosa", "rosa@example.org", first_name="Rosa")
    made.last_name = "Díaz"
    made.save()

    assert factories.posted(user=made).comment.author_name == "Rosa Díaz"


def test_an_account_without_a_name_is_asked_to_choose_one() -> None:
    nameless = User.objects.create_user("reader-1a2b", "new@example.org")

    with pytest.raises(InvalidComment) as refused:
        factories.posted(author_name="Anything", user=nameless)

    assert "account page" in refused.value.errors["author_name"]
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "name",
    ["Rita Reader", "RITA READER", "R\u0456ta Reader", "Rita  Reader\u200b", "R1ta"],
)
def test_guests_cannot_post_under_a_registered_name(reader: Any, name: str) -> None:
    from gazette.readers.names import set_display_name

    if name == "R1ta":
        set_display_name(User.objects.create_user("x", "x@example.org"), "Rita")
    with pytest.raises(InvalidComment) as refused:
        factories.posted(author_name=name)

    assert "registered reader" in refused.value.errors["author_name"]


def test_guests_cannot_pass_as_staff(editor: Any) -> None:
    with pytest.raises(InvalidComment) as refused:
        factories.posted(author_name=editor.get_full_name() or editor.username)

    assert "the newsroom" in refused.value.errors["author_name"]


def test_replies_nest_and_keep_their_root() -> None:
    top = factories.comment()
    reply = factories.comment(parent_id=top.pk)
    deeper = factories.comment(parent_id=reply.pk)

    assert (reply.depth, reply.root_id) == (1, top.pk)
    assert (deeper.depth, deeper.root_id) == (2, top.pk)


def test_a_reply_to_another_threads_comment_is_refused() -> None:
    other = factories.comment(thread_key="other-thread")

    with pytest.raises(InvalidComment):
        factories.comment(parent_id=other.pk)


def test_honeypot_marks_spam_and_hides_it() -> None:
    comment = factories.comment(honeypot="http://spam.example")

    assert comment.status == Comment.Status.SPAM
    assert selectors.thread_page(key="embed-test-thread").comments == []
    assert Thread.objects.get().comment_count == 0


def test_author_edits_within_the_window_and_it_says_so() -> None:
    posted = factories.posted(text="Frist")

    comment = services.comment_edit(
        comment_id=posted.comment.pk, edit_token=posted.edit_token, text="First"
    )

    assert comment.html == "<p>First</p>"
    assert comment.edited_at is not None


def test_editing_needs_the_token_and_the_window() -> None:
    posted = factories.posted()
    with pytest.raises(NotAllowed):
        services.comment_edit(
            comment_id=posted.comment.pk, edit_token="wrong", text="x"
        )

    Comment.objects.filter(pk=posted.comment.pk).update(
        created_at=timezone.now() - timedelta(minutes=16)
    )
    with pytest.raises(NotAllowed, match="passed"):
        services.comment_edit(
            comment_id=posted.comment.pk, edit_token=posted.edit_token, text="x"
        )


def test_a_deleted_comment_with_replies_stays_as_a_placeholder() -> None:
    posted = factories.posted(text="Original", author_email="a@example.org")
    factories.comment(parent_id=posted.comment.pk, text="A reply")

    services.comment_delete(comment_id=posted.comment.pk, edit_token=posted.edit_token)

    page = selectors.thread_page(key="embed-test-thread")
    placeholder = page.comments[0].comment
    assert placeholder.is_deleted
    assert (placeholder.text, placeholder.author_name, placeholder.author_email) == (
        "",
        "",
        "",
    )
    assert page.comments[0].replies[0].comment.text == "A reply"
    assert page.count == 1


def test_a_deleted_comment_without_replies_disappears() -> None:
    posted = factories.posted()

    services.comment_delete(comment_id=posted.comment.pk, edit_token=posted.edit_token)

    assert selectors.thread_page(key="embed-test-thread").comments == []
    with pytest.raises(CommentNotFound):
        services.comment_delete(
            comment_id=posted.comment.pk, edit_token=posted.edit_token
        )


def test_second_vote_replaces_the_first_and_zero_withdraws() -> None:
    comment = factories.comment()

    services.vote_cast(comment_id=comment.pk, voter="g:1", value=1)
    services.vote_cast(comment_id=comment.pk, voter="g:2", value=1)
    after_change = services.vote_cast(comment_id=comment.pk, voter="g:1", value=-1)
    assert (after_change.upvotes, after_change.downvotes, after_change.score) == (
        1,
        1,
        0,
    )

    withdrawn = services.vote_cast(comment_id=comment.pk, voter="g:1", value=0)
    assert (withdrawn.upvotes, withdrawn.downvotes, withdrawn.score) == (1, 0, 1)


@pytest.mark.parametrize("value", [2, -2, 5])
def test_a_vote_must_be_one_minus_one_or_zero(value: int) -> None:
    comment = factories.comment()

    with pytest.raises(InvalidComment):
        services.vote_cast(comment_id=comment.pk, voter="g:1", value=value)


def test_one_network_cannot_stuff_the_ballot(settings: Any) -> None:
    settings.GAZETTE_VOTES_PER_IP = 2
    comment = factories.comment()
    for voter in ("g:1", "g:2"):
        services.vote_cast(comment_id=comment.pk, voter=voter, value=1, ip_hash="net")

    with pytest.raises(VoteLimitReached):
        services.vote_cast(comment_id=comment.pk, voter="g:3", value=1, ip_hash="net")
    # Changing an existing vote from that network is still allowed.
    services.vote_cast(comment_id=comment.pk, voter="g:1", value=-1, ip_hash="net")


def _at_once(vote: Callable[[int], object], times: int = 12) -> list[BaseException]:
    """Run ``vote(n)`` on ``times`` threads at once; the errors they raised."""
    errors: list[BaseException] = []

    def run(n: int) -> None:
        try:
            vote(n)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(times)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_votes_keep_exact_totals() -> None:
    comment = factories.comment()

    errors = _at_once(
        lambda n: services.vote_cast(
            comment_id=comment.pk, voter=f"g:{n}", value=1 if n % 3 else -1
        )
    )

    comment.refresh_from_db()
    assert errors == []
    assert (comment.upvotes, comment.downvotes, comment.score) == (8, 4, 4)
    assert comment.votes.count() == 12


@pytest.mark.django_db(transaction=True)
def test_one_reader_voting_from_many_tabs_at_once_counts_once() -> None:
    comment = factories.comment()

    errors = _at_once(
        lambda n: services.vote_cast(
            comment_id=comment.pk, voter="g:same", value=(1, -1, 0)[n % 3]
        )
    )

    comment.refresh_from_db()
    final = sum(comment.votes.values_list("value", flat=True))
    assert errors == []
    assert comment.votes.count() <= 1
    assert (comment.upvotes, comment.downvotes) == (int(final == 1), int(final == -1))
    assert comment.score == final


def test_a_vote_keeps_the_totals_an_import_brought() -> None:
    comment = factories.comment()
    Comment.objects.filter(pk=comment.pk).update(upvotes=5, downvotes=2, score=3)

    voted = services.vote_cast(comment_id=comment.pk, voter="g:1", value=1)
    withdrawn = services.vote_cast(comment_id=comment.pk, voter="g:1", value=0)

    assert (voted.upvotes, voted.downvotes, voted.score) == (6, 2, 4)
    assert (withdrawn.upvotes, withdrawn.downvotes, withdrawn.score) == (5, 2, 3)


def test_signals_are_sent_after_commit(django_capture_on_commit_callbacks: Any) -> None:
    seen: list[str] = []

    def receiver(signal: Any, **kwargs: Any) -> None:
        seen.append(kwargs["comment"].text)

    signals.comment_posted.connect(receiver, dispatch_uid="test-receiver")
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            factories.comment(text="Signalled")
        assert seen == []
        for callback in callbacks:
            callback()
        assert seen == ["Signalled"]
    finally:
        signals.comment_posted.disconnect(dispatch_uid="test-receiver")


class OrmModerator(PublishEverything):
    """A moderator of a newsroom's own, which writes its record with the ORM."""

    writes_in_batch = False
    seen: ClassVar[list[int]] = []

    def record(self, comment: Comment, draft: Any, decision: Any) -> None:
        found = Comment.objects.filter(pk=comment.pk).update(author_badge="Own")
        self.seen.append(found)


def test_a_moderator_that_writes_with_the_orm_gets_a_saved_comment(
    settings: Any,
) -> None:
    settings.GAZETTE_MODERATOR = f"{__name__}.OrmModerator"

    posted = services.comment_create(
        services.CommentRequest(thread_key="own-moderator", text="Hi", author_name="A")
    )

    assert OrmModerator.seen == [1]  # the comment was in the database
    assert Comment.objects.get(pk=posted.comment.pk).author_badge == "Own"
    assert Thread.objects.get(key="own-moderator").comment_count == 1


@pytest.mark.django_db(transaction=True)
def test_a_post_costs_few_statements_and_on_postgresql_no_transaction() -> None:
    """Outside any transaction, PostgreSQL gets the post's writes as one
    statement and no BEGIN or COMMIT (Django's count has neither)."""
    first = services.CommentRequest(thread_key="counted", text="One", author_name="A")
    services.comment_create(first)  # the thread exists from now on

    with CaptureQueriesContext(connection) as queries:
        posted = services.comment_create(
            services.CommentRequest(thread_key="counted", text="Two", author_name="B")
        )

    stored = Comment.objects.get(pk=posted.comment.pk)
    assert stored.text == "Two"
    assert Thread.objects.get(key="counted").comment_count == 2
    # PostgreSQL: whether a registered reader goes by the guest's name, the
    # rules' stamp, the thread, one statement that writes the comment, its
    # record, its audit entry and the thread's new version, and whether anyone
    # follows the thread. SQLite: the same with BEGIN, the four writes one by
    # one, and COMMIT.
    sent = [query["sql"] for query in queries.captured_queries]
    assert len(sent) == (5 if connection.vendor == "postgresql" else 10)
    assert "readers_profile" in sent[0]
    if connection.vendor == "postgresql":
        assert sent[3].startswith("WITH w0 AS (INSERT")
