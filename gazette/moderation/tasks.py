"""Background tasks for moderation (django-tasks)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django_tasks import task

from gazette.discussion.models import Comment
from gazette.moderation import services


@task()
def send_rejection_notice(comment_id: int, reason: str) -> bool:
    """Tell a comment's author it was not published, and why."""
    comment = Comment.objects.select_related("thread").filter(pk=comment_id).first()
    if comment is None or not comment.author_email:
        return False
    context = {
        "comment": comment,
        "reason": reason,
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    send_mail(
        subject=render_to_string(
            "moderation/mail/rejected_subject.txt", context
        ).strip(),
        message=render_to_string("moderation/mail/rejected.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[comment.author_email],
    )
    return True


@task()
def rescore_comment(comment_id: int) -> bool:
    """Score a published comment with the background scorer; hold it if abusive."""
    return services.comment_second_opinion(comment_id=comment_id)
