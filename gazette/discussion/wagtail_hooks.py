"""Attach discussion to publishing: the comment section and comment counts."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from wagtail import hooks

from gazette.discussion import selectors
from gazette.discussion.section import comment_section


@hooks.register("gazette_article_context")
def article_comments(request: HttpRequest, page: Any) -> dict[str, Any]:
    """The comment section under every article (thread key ``page-<id>``)."""
    return {
        "comments_template": "discussion/section.html",
        "discussion": comment_section(request, key=f"page-{page.pk}", url=page.url),
    }


@hooks.register("gazette_annotate_articles")
def article_comment_counts(articles: list[Any]) -> None:
    """Set ``comment_count`` on article cards, one query for the whole list."""
    found = selectors.counts(f"page-{a.pk}" for a in articles)
    for article in articles:
        article.comment_count = found[f"page-{article.pk}"]
