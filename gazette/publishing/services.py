"""Writes for publishing that run outside the Wagtail editor."""

from __future__ import annotations

import io
from datetime import datetime

import nh3
from django.core.management import call_command
from django.utils import timezone
from django.utils.text import slugify

from gazette.publishing.models import ArticlePage, SectionPage


def scheduled_publish() -> str:
    """Publish pages whose go-live time has come, unpublish expired ones.

    Wagtail's ``publish_scheduled`` command owns the logic (revisions, audit
    log, signals); this is the one place Gazette calls it from, so the task
    worker and a cron line behave the same. Returns the command's report.
    """
    out = io.StringIO()
    call_command("publish_scheduled", stdout=out)
    return out.getvalue()


# What an imported post's HTML keeps: what the body's paragraph block allows.
RICH_TEXT_TAGS = {
    "p",
    "br",
    "b",
    "strong",
    "i",
    "em",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
}


def article_import(
    *,
    section: SectionPage,
    title: str,
    slug: str,
    html: str,
    published_at: datetime | None,
    live: bool,
) -> ArticlePage | None:
    """An article made from another system's post (WordPress), once.

    Returns None if the section already has a page with that slug: a second
    import changes nothing. The HTML is cut down to what a paragraph block
    holds (images, embeds and shortcodes are dropped: re-add them by hand).
    Drafts stay drafts.
    """
    slug = slugify(slug or title)[:255] or "imported"
    if section.get_children().filter(slug=slug).exists():
        return None
    body = nh3.clean(
        html, tags=RICH_TEXT_TAGS, attributes={"a": {"href"}, "*": set()}
    ).strip()
    article = ArticlePage(
        title=(title or slug)[:255],
        slug=slug,
        published_at=published_at or timezone.now(),
        body=[{"type": "paragraph", "value": body}] if body else [],
    )
    section.add_child(instance=article)
    revision = article.save_revision()
    if live:
        revision.publish()
    else:
        article.unpublish()
    return article
