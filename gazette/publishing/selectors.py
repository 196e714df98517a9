"""Reads for publishing pages, each costing a fixed number of queries.

Every list of articles a page shows goes through :func:`cards`, which fetches
what an article card needs (hero image renditions, authors, section) in a
constant number of queries however many articles there are.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet, Window, prefetch_related_objects
from django.db.models.functions import RowNumber, Substr
from taggit.models import Tag
from wagtail import hooks
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.query import PageQuerySet

from gazette.publishing.models import (
    ArticleAuthor,
    ArticlePage,
    Author,
    HomePage,
    SectionPage,
)

# Rendition specs the templates ask for; prefetching exactly these keeps image
# lookups out of the per-article query count.
CARD_SPECS = ("fill-480x270", "fill-960x540")
HERO_SPECS = ("width-640", "width-1024", "width-1600", "max-2400x2400")
AUTHOR_SPECS = ("fill-96x96",)


def _images(*specs: str) -> QuerySet[Any]:
    return get_image_model().objects.prefetch_renditions(*specs)


def published_articles() -> PageQuerySet:
    """Live, public articles, newest first."""
    return ArticlePage.objects.live().public().order_by("-published_at", "-pk")


def _attach_sections(articles: list[ArticlePage]) -> None:
    """Set ``article.section`` from the tree, in one query for the whole list."""
    parent_paths = {article.path[: -Page.steplen] for article in articles}
    sections = {
        section.path: section
        for section in SectionPage.objects.filter(path__in=parent_paths)
    }
    for article in articles:
        article.section = sections.get(article.path[: -Page.steplen])


def cards(articles: list[ArticlePage]) -> list[ArticlePage]:
    """Prefetch what an article card shows; returns the same list."""
    prefetch_related_objects(
        articles,
        Prefetch("hero_image", queryset=_images(*CARD_SPECS)),
        Prefetch(
            "article_authors",
            queryset=ArticleAuthor.objects.select_related("author").order_by(
                "sort_order"
            ),
        ),
    )
    _attach_sections(articles)
    # Other apps annotate cards (discussion: comment counts), one query each.
    for hook in hooks.get_hooks("gazette_annotate_articles"):
        hook(articles)
    return articles


def sections(*, home: Page) -> PageQuerySet:
    """The live sections under a home page, in the editor's menu order."""
    return SectionPage.objects.child_of(home).live().public().order_by("path")


def front_page(*, home: HomePage) -> dict[str, Any]:
    """The lead story and the latest articles of each section.

    Costs the same number of queries whatever the number of sections or
    articles: one windowed query ranks each section's articles.
    """
    per_section = settings.GAZETTE_HOME_ARTICLES_PER_SECTION
    section_list = list(sections(home=home))
    section_depth_len = (home.depth + 1) * Page.steplen
    ranked = (
        published_articles()
        .descendant_of(home)
        .annotate(
            section_path=Substr("path", 1, section_depth_len),
            rank=Window(
                RowNumber(),
                partition_by=Substr("path", 1, section_depth_len),
                order_by=("-published_at", "-pk"),
            ),
        )
        .filter(rank__lte=per_section)
    )
    latest = cards(list(ranked))
    lead = home.lead_story
    if lead is None or not lead.live:
        lead = max(latest, key=lambda a: (a.published_at, a.pk), default=None)
    else:
        cards([lead])
    by_section: dict[str, list[ArticlePage]] = {s.path: [] for s in section_list}
    for article in latest:
        if article.pk != getattr(lead, "pk", None):
            by_section.setdefault(article.section_path, []).append(article)
    return {
        "lead_story": lead,
        "sections": [
            (section, by_section[section.path])
            for section in section_list
            if by_section[section.path]
        ],
    }


def section_articles(*, section: SectionPage) -> PageQuerySet:
    return published_articles().child_of(section)


def topic_articles(*, topic: Tag) -> PageQuerySet:
    return published_articles().filter(topic_items__tag=topic)


def _ordered_topics(article: ArticlePage) -> list[Tag]:
    return sorted(article.topics.all(), key=lambda tag: tag.name.lower())


def related_articles(*, article: ArticlePage, limit: int) -> list[ArticlePage]:
    """Editor's picks first, then the newest articles sharing a topic.

    Never the article itself, never twice, never a draft. Three queries.
    """
    pick_ids = [
        pick.article_id
        for pick in article.related_picks.all()
        if pick.article_id != article.pk
    ]
    picks = {a.pk: a for a in published_articles().filter(pk__in=pick_ids)}
    chosen = [picks[pk] for pk in dict.fromkeys(pick_ids) if pk in picks][:limit]
    room = limit - len(chosen)
    topic_ids = [tag.pk for tag in article.topics.all()]
    if room > 0 and topic_ids:
        fill = (
            published_articles()
            .filter(topic_items__tag_id__in=topic_ids)
            .exclude(pk__in=[article.pk, *picks])
            .distinct()  # an article sharing several topics is listed once
            .order_by("-published_at", "-pk")[:room]
        )
        chosen.extend(fill)
    return cards(chosen)


def article_detail(*, article: ArticlePage) -> dict[str, Any]:
    """Everything an article page shows besides its own fields."""
    prefetch_related_objects(
        [article],
        "topics",
        "related_picks",
        Prefetch("hero_image", queryset=_images(*HERO_SPECS)),
        Prefetch(
            "article_authors",
            queryset=ArticleAuthor.objects.select_related("author").prefetch_related(
                Prefetch("author__photo", queryset=_images(*AUTHOR_SPECS))
            ),
        ),
    )
    authors: list[Author] = [item.author for item in article.article_authors.all()]
    return {
        "authors": authors,
        "topics": _ordered_topics(article),
        "related_articles": related_articles(
            article=article, limit=settings.GAZETTE_RELATED_ARTICLES
        ),
    }


def search_articles(*, query: str) -> Any:
    """Full-text search over live, public articles (Wagtail's search backend).

    Only words are searched: quotes and operators are dropped, because SQLite's
    full-text syntax rejects an unbalanced quote with an error.
    """
    words = " ".join(re.findall(r"\w[\w'-]*", query))
    if not words:
        return published_articles().none()
    return published_articles().search(words, order_by_relevance=True)


class _TextOf(HTMLParser):
    """The text a browser's ``textContent`` gives for a piece of HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def passage_texts(*, article: ArticlePage) -> dict[str, str]:
    """The plain text of each paragraph block of the article, by block id.

    Inline feedback anchors point into these texts; they are what the reader's
    browser reads as the ``textContent`` of ``[data-block-id]`` elements.
    """
    texts = {}
    for block in article.body:
        if block.block_type == "paragraph" and block.id:
            parser = _TextOf()
            parser.feed(str(block.value))
            parser.close()
            texts[str(block.id)] = "".join(parser.parts)
    return texts
