"""Subscribing, confirming, unsubscribing, and mailing what is new.

Mail goes out only for published comments, never for one's own, and at most
once per subscriber per thread per ``GAZETTE_NOTIFY_DIGEST_MINUTES``: what
arrives in between waits for the next mail (a digest), which the scheduler's
periodic ``flush_digests`` sends when the window has passed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gazette.core import ratelimit, sql
from gazette.core.db import write_transaction
from gazette.core.errors import DomainError
from gazette.discussion.models import Comment, Thread
from gazette.notifications.models import Subscription

Kind = Subscription.Kind


def subscription_request(
    *, email: str, thread: Thread, kind: str, verified: bool
) -> Subscription:
    """Follow a thread. A verified address is confirmed at once; a guest's is
    sent one confirmation link (not again within an hour)."""
    email = email.strip().lower()
    language = _reader_language()
    with write_transaction():
        try:
            with transaction.atomic():
                found, _created = Subscription.objects.get_or_create(
                    email=email, thread=thread, kind=kind
                )
        except IntegrityError:  # the same request twice at once
            found = Subscription.objects.get(email=email, thread=thread, kind=kind)
        if found.language != language:  # mail follows the reader's latest choice
            found.language = language
            found.save(update_fields=["language"])
        now = timezone.now()
        if found.confirmed_at is None and verified:
            found.confirmed_at = now
            found.last_comment_id = _newest_id(thread)
            found.save(update_fields=["confirmed_at", "last_comment_id"])
        elif found.confirmed_at is None and (
            found.confirmation_sent_at is None
            or found.confirmation_sent_at < now - timedelta(hours=1)
        ):
            found.confirmation_sent_at = now
            found.save(update_fields=["confirmation_sent_at"])
            _after_commit_send("send_confirmation", found.pk)
    return found


def _reader_language() -> str:
    """The active language (the reader's, in a request), if Gazette speaks it."""
    active = translation.get_language() or settings.LANGUAGE_CODE
    known = {code for code, _name in settings.LANGUAGES}
    return active if active in known else settings.LANGUAGE_CODE


def thread_follow(
    *, thread_key: str, email: str, kind: str, verified: bool, ip_hash: str
) -> Subscription:
    """Follow a thread without commenting; checks the input, limits mail bombs.

    Raises DomainError for a bad address, kind or thread, RateLimited past
    ``GAZETTE_RATELIMIT_FOLLOWS`` per network.
    """
    if kind not in Kind.values:
        raise DomainError(_("Choose what to be notified of."))
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(_("Enter the e-mail address to notify.")) from None
    thread = Thread.objects.filter(key=thread_key).first()
    if thread is None:
        raise DomainError(_("There is no such thread."), errors={"thread": "unknown"})
    ratelimit.hit(
        scope="follow",
        key=ip_hash,
        rate=ratelimit.Rate.parse(settings.GAZETTE_RATELIMIT_FOLLOWS),
    )
    return subscription_request(
        email=email, thread=thread, kind=kind, verified=verified
    )


def subscription_confirm(*, subscription_id: int) -> Subscription | None:
    """The guest opened the link: mail starts with the comments after now."""
    with write_transaction():
        found = Subscription.objects.filter(pk=subscription_id).first()
        if found is not None and found.confirmed_at is None:
            found.confirmed_at = timezone.now()
            found.last_comment_id = _newest_id(found.thread)
            found.save(update_fields=["confirmed_at", "last_comment_id"])
    return found


def subscription_cancel(*, subscription_id: int) -> bool:
    with write_transaction():
        deleted, _ = Subscription.objects.filter(pk=subscription_id).delete()
    return deleted > 0


def subscriptions_of(email: str) -> QuerySet[Subscription]:
    return Subscription.objects.filter(email=email.strip().lower()).select_related(
        "thread"
    )


def _newest_id(thread: Thread) -> int:
    newest = thread.comments.order_by("-pk").values_list("pk", flat=True).first()
    return int(newest or 0)


def _after_commit_send(task_name: str, subscription_id: int) -> None:
    def enqueue() -> None:
        from gazette.notifications import tasks

        getattr(tasks, task_name).enqueue(subscription_id)

    transaction.on_commit(enqueue)


def news_for(subscription: Subscription) -> list[Comment]:
    """Published comments the subscriber has not been mailed about, not theirs."""
    comments = (
        Comment.objects.filter(
            thread_id=subscription.thread_id,
            status=Comment.Status.PUBLISHED,
            pk__gt=subscription.last_comment_id,
        )
        .exclude(author_email__iexact=subscription.email)
        .select_related("parent")
        .order_by("pk")
    )
    if subscription.kind == Kind.REPLIES:
        comments = comments.filter(parent__author_email__iexact=subscription.email)
    return list(comments[:50])


def subscribers_for(comment: Comment) -> QuerySet[Subscription]:
    """Confirmed subscriptions a newly published comment concerns."""
    replies_to = comment.parent.author_email if comment.parent else ""
    wanted = Q(kind=Kind.THREAD)
    if replies_to:
        wanted |= Q(kind=Kind.REPLIES, email=replies_to.lower())
    return (
        Subscription.objects.filter(thread_id=comment.thread_id)
        .exclude(confirmed_at=None)
        .exclude(email=comment.author_email.lower())
        .filter(wanted)
    )


def _window() -> timedelta:
    return timedelta(minutes=settings.GAZETTE_NOTIFY_DIGEST_MINUTES)


def comment_published(comment: Comment) -> int:
    """Mail the subscribers a published comment concerns, unless they were
    mailed about this thread within the digest window; returns how many."""
    due_before = timezone.now() - _window()
    due = subscribers_for(comment).filter(
        Q(last_sent_at=None) | Q(last_sent_at__lte=due_before)
    )
    ids = list(due.values_list("pk", flat=True))
    for subscription_id in ids:
        _after_commit_send("send_news", subscription_id)
    return len(ids)


def comment_published_later(comment: Comment) -> bool:
    """Have a task mail the subscribers of a just-published comment.

    The fan-out (one query over the thread's subscriptions, one task per
    subscriber) leaves the request; the request only asks, in one indexed
    lookup, whether the thread has any confirmed subscriber at all.
    """
    if not sql.execute(
        _ANY_SUBSCRIBER.format(table=sql.table(Subscription)), [comment.thread_id]
    ):
        return False
    from gazette.notifications import tasks

    transaction.on_commit(lambda: tasks.comment_published.enqueue(comment.pk))
    return True


_ANY_SUBSCRIBER = (
    "SELECT 1 FROM {table} WHERE thread_id = %s AND confirmed_at IS NOT NULL LIMIT 1"
)


def digests_due() -> Iterable[int]:
    """Subscriptions whose window has passed with comments still unmailed."""
    due_before = timezone.now() - _window()
    waiting = Subscription.objects.exclude(confirmed_at=None).filter(
        last_sent_at__lte=due_before
    )
    for subscription in waiting.select_related("thread"):
        if news_for(subscription):
            yield subscription.pk
