"""Which policy applies to a thread: article, then section, then site, then settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from wagtail.models import Page

from gazette.discussion import keys
from gazette.moderation import rules


@dataclass(frozen=True)
class EffectivePolicy:
    mode: str
    hold_threshold: float
    comments_closed: bool
    close_after_days: int | None
    opened_at: datetime | None  # when the article was first published
    reports_to_hold: int = 3
    # Kinds of harm published whatever their score (profanity by default).
    allowed_kinds: frozenset[str] = frozenset(["profanity"])
    other_languages: str = "hold"  # a language no scorer reads: hold or publish
    who_may_comment: str = "everyone"  # or "guests_held", or "accounts"
    new_account_hours: int = 0  # accounts younger than this are pre-moderated

    def closes_at(self) -> datetime | None:
        if self.close_after_days is None or self.opened_at is None:
            return None
        return self.opened_at + timedelta(days=self.close_after_days)

    def is_closed(self, now: datetime | None = None) -> bool:
        closes = self.closes_at()
        return self.comments_closed or (
            closes is not None and (now or timezone.now()) >= closes
        )


def _page_for_key(thread_key: str) -> dict[str, Any] | None:
    page_id = keys.page_id_of(thread_key)
    if page_id is None:
        return None
    page: dict[str, Any] | None = (
        Page.objects.filter(pk=page_id).values("path", "first_published_at").first()
    )
    return page


def policy_for(thread_key: str, known: rules.Rules | None = None) -> EffectivePolicy:
    """The policy for a thread: each field from the nearest policy that sets it.

    One query for an article (its place in the page tree); the policies come
    from ``known`` (``rules.current()`` unless given).
    """
    page = _page_for_key(thread_key)
    known = known or rules.current()
    chain = known.policies_over(page["path"] if page else "\0")

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
        opened_at=page["first_published_at"] if page else None,
        reports_to_hold=int(
            pick("reports_to_hold", settings.GAZETTE_MODERATION_REPORTS_TO_HOLD)
        ),
        allowed_kinds=frozenset(
            _allowed(pick("allowed_kinds", settings.GAZETTE_MODERATION_ALLOWED_KINDS))
        ),
        other_languages=str(
            pick("other_languages", settings.GAZETTE_MODERATION_OTHER_LANGUAGES)
        ),
        who_may_comment=str(
            pick("who_may_comment", settings.GAZETTE_MODERATION_WHO_MAY_COMMENT)
        ),
        new_account_hours=int(
            pick("new_account_hours", settings.GAZETTE_MODERATION_NEW_ACCOUNT_HOURS)
        ),
    )


def _allowed(value: Any) -> list[str]:
    """A policy's allowed kinds; "none" is how a policy allows none explicitly.

    The admin form and ``Policy.clean`` keep the field a list of kind names;
    anything else written to it (by a script, by hand) counts as no kind
    allowed rather than breaking every post on the thread.
    """
    if not isinstance(value, list | tuple):
        return []
    return [kind for kind in value if isinstance(kind, str) and kind != "none"]
