"""Which policy applies to a thread: article, then section, then site, then settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page

from gazette.moderation.models import Policy


@dataclass(frozen=True)
class EffectivePolicy:
    mode: str
    hold_threshold: float
    comments_closed: bool
    close_after_days: int | None
    opened_at: datetime | None  # when the article was first published

    def closes_at(self) -> datetime | None:
        if self.close_after_days is None or self.opened_at is None:
            return None
        return self.opened_at + timedelta(days=self.close_after_days)

    def is_closed(self, now: datetime | None = None) -> bool:
        closes = self.closes_at()
        return self.comments_closed or (
            closes is not None and (now or timezone.now()) >= closes
        )


def _page_for_key(thread_key: str) -> Page | None:
    page_id = thread_key.removeprefix("page-")
    if not thread_key.startswith("page-") or not page_id.isdigit():
        return None
    return Page.objects.filter(pk=int(page_id)).first()


def policy_for(thread_key: str) -> EffectivePolicy:
    """The policy for a thread: each field from the nearest policy that sets it.

    Three queries for an article (the page, its ancestors' policies), one for
    an embed's thread (the site policy).
    """
    page = _page_for_key(thread_key)
    chain: list[Policy] = []
    if page is not None:
        depth_of = {p.pk: p.depth for p in page.get_ancestors(inclusive=True)}
        found = Policy.objects.filter(Q(page__in=list(depth_of)) | Q(page=None))
        chain = sorted(found, key=lambda p: -depth_of.get(p.page_id or 0, 0))
    else:
        chain = list(Policy.objects.filter(page=None))

    def pick(field: str, default: Any) -> Any:
        for policy in chain:
            value = getattr(policy, field)
            if value not in (None, ""):
                return value
        return default

    return EffectivePolicy(
        mode=str(pick("mode", settings.GAZETTE_MODERATION_MODE)),
        hold_threshold=float(
            pick("hold_threshold", settings.GAZETTE_MODERATION_HOLD_THRESHOLD)
        ),
        comments_closed=bool(pick("comments_closed", False)),
        close_after_days=pick(
            "close_after_days", settings.GAZETTE_COMMENTS_CLOSE_AFTER_DAYS
        ),
        opened_at=page.first_published_at if page is not None else None,
    )
