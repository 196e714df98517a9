"""Background tasks for moderation (django-tasks)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django_tasks import task

from gazette.discussion.models import Comment
from gazette.moderation import appeals, services
from gazette.moderation.models import Appeal, Flag


def _mail(template: str, to: str, **context: Any) -> None:
    context["site_name"] = settings.WAGTAIL_SITE_NAME
    send_mail(
        subject=render_to_string(f"moderation/mail/{template}_subject.txt", context)
        .strip()
        .replace("\n", " "),
        message=render_to_string(f"moderation/mail/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[to],
    )


@task()
def send_rejection_notice(comment_id: int, reason: str) -> bool:
    """The author's statement of reasons: what, why, who decided, how to appeal."""
    comment = Comment.objects.select_related("thread").filter(pk=comment_id).first()
    decision = appeals.latest_decision(comment_id)
    if comment is None or not comment.author_email or decision is None:
        return False
    _mail(
        "rejected",
        comment.author_email,
        comment=comment,
        reason=reason,
        statement=appeals.statement(decision),
    )
    return True


@task()
def send_appeal_outcome(appeal_id: int) -> bool:
    """Tell the author what a second moderator decided on their appeal."""
    appeal = (
        Appeal.objects.select_related("comment__thread")
        .filter(pk=appeal_id)
        .exclude(status=Appeal.Status.OPEN)
        .first()
    )
    if appeal is None or not appeal.comment.author_email:
        return False
    _mail("appeal_outcome", appeal.comment.author_email, appeal=appeal)
    return True


@task()
def send_report_outcomes(flag_ids: list[int]) -> int:
    """Tell each reporter who asked what came of their report; forget the address."""
    sent = 0
    flags = Flag.objects.select_related("comment__thread").filter(
        pk__in=flag_ids, decided_at__isnull=False
    )
    for flag in flags.exclude(notify_email=""):
        _mail("report_outcome", flag.notify_email, flag=flag)
        Flag.objects.filter(pk=flag.pk).update(notify_email="")
        sent += 1
    return sent


@task()
def rescore_comment(comment_id: int) -> bool:
    """Score a published comment with the background scorer; hold it if abusive."""
    return services.comment_second_opinion(comment_id=comment_id)
