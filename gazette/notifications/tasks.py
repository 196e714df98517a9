"""Background tasks for notifications (django-tasks): the mail."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from gazette.discussion.models import Comment
from gazette.notifications import mail, services
from gazette.notifications.models import Subscription


@task()
def send_confirmation(subscription_id: int) -> bool:
    """The double opt-in link, to a guest who asked to follow a thread."""
    found = (
        Subscription.objects.select_related("thread").filter(pk=subscription_id).first()
    )
    if found is None or found.confirmed_at is not None:
        return False
    mail.send_confirmation(found)
    return True


@task()
def comment_published(comment_id: int) -> int:
    """Queue the mail a published comment owes its thread's subscribers."""
    comment = (
        Comment.objects.select_related("thread", "parent")
        .filter(pk=comment_id, status=Comment.Status.PUBLISHED)
        .first()
    )
    return 0 if comment is None else services.comment_published(comment)


@task()
def send_news(subscription_id: int) -> int:
    """One mail with every comment the subscriber has not seen; how many."""
    found = (
        Subscription.objects.select_related("thread").filter(pk=subscription_id).first()
    )
    if found is None or found.confirmed_at is None:
        return 0
    news = services.news_for(found)
    if not news:
        return 0
    # Claim the comments first, so a second worker sends nothing twice.
    claimed = Subscription.objects.filter(
        pk=found.pk, last_comment_id=found.last_comment_id
    ).update(last_comment_id=news[-1].pk, last_sent_at=timezone.now())
    if not claimed:
        return 0
    try:
        mail.send_news(found, news)
    except Exception:
        Subscription.objects.filter(pk=found.pk).update(
            last_comment_id=found.last_comment_id, last_sent_at=found.last_sent_at
        )
        raise
    return len(news)


@task()
def flush_digests() -> int:
    """Periodic: send the digests whose window has passed."""
    due = list(services.digests_due())
    for subscription_id in due:
        send_news.enqueue(subscription_id)
    return len(due)
