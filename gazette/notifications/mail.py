"""The mail notifications send: plain text and HTML, one-click unsubscribe."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from gazette.core.links import absolute
from gazette.discussion.models import Comment
from gazette.notifications import tokens
from gazette.notifications.models import Subscription


def _links(subscription: Subscription) -> dict[str, str]:
    return {
        "unsubscribe_url": absolute(
            reverse(
                "notifications:unsubscribe",
                args=[tokens.make("unsubscribe", subscription.pk)],
            )
        ),
        "manage_url": absolute(
            reverse(
                "notifications:manage", args=[tokens.make("manage", subscription.email)]
            )
        ),
    }


def _send(subscription: Subscription, template: str, context: dict[str, Any]) -> None:
    links = _links(subscription)
    with translation.override(subscription.language or settings.LANGUAGE_CODE):
        context = {
            **context,
            **links,
            "subscription": subscription,
            "thread": subscription.thread,
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        subject = render_to_string(
            f"notifications/mail/{template}_subject.txt", context
        )
        mail = EmailMultiAlternatives(
            subject=" ".join(subject.split()),
            body=render_to_string(f"notifications/mail/{template}.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[subscription.email],
            headers={
                # RFC 8058: mail clients offer "Unsubscribe" and POST to it.
                "List-Unsubscribe": f"<{links['unsubscribe_url']}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        mail.attach_alternative(
            render_to_string(f"notifications/mail/{template}.html", context),
            "text/html",
        )
        mail.send()


def send_confirmation(subscription: Subscription) -> None:
    confirm = reverse(
        "notifications:confirm", args=[tokens.make("confirm", subscription.pk)]
    )
    _send(subscription, "confirm", {"confirm_url": absolute(confirm)})


def send_news(subscription: Subscription, comments: list[Comment]) -> None:
    items = [
        {"comment": c, "url": absolute(reverse("discussion:permalink", args=[c.pk]))}
        for c in comments
    ]
    _send(subscription, "news", {"items": items, "count": len(items)})
