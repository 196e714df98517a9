"""RSS 2.0 and Atom feeds for the site, each section and each topic."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.translation import gettext as _
from taggit.models import Tag
from wagtail.models import Site

from gazette.publishing import selectors
from gazette.publishing.models import ArticlePage, SectionPage

FEED_FORMATS: dict[str, type[SyndicationFeed]] = {
    "rss": Rss201rev2Feed,
    "atom": Atom1Feed,
}


class ArticleFeed(Feed):  # type: ignore[type-arg]
    """The newest articles of a scope: the site, a section or a topic.

    ``get_object`` resolves the scope from the URL; an unknown section or
    topic is a 404 rather than an empty feed.
    """

    def __init__(self, feed_format: str) -> None:
        super().__init__()
        self.feed_type = FEED_FORMATS[feed_format]

    def get_object(self, request: HttpRequest, **kwargs: Any) -> dict[str, Any]:
        site = Site.find_for_request(request)
        if "section" in kwargs:
            section = get_object_or_404(
                SectionPage.objects.live().public(), slug=kwargs["section"]
            )
            return {
                "request": request,
                "site": site,
                "title": section.title,
                "link": section.get_url(request),
                "articles": selectors.section_articles(section=section),
            }
        if "topic" in kwargs:
            topic = get_object_or_404(Tag, slug=kwargs["topic"])
            return {
                "request": request,
                "site": site,
                "title": topic.name,
                "link": f"/topics/{topic.slug}/",
                "articles": selectors.topic_articles(topic=topic),
            }
        return {
            "request": request,
            "site": site,
            "title": None,
            "link": "/",
            "articles": selectors.published_articles(),
        }

    def title(self, obj: dict[str, Any]) -> str:
        site_name = obj["site"].site_name if obj["site"] else settings.WAGTAIL_SITE_NAME
        if obj["title"]:
            return f"{obj['title']} · {site_name}"
        return str(site_name)

    def link(self, obj: dict[str, Any]) -> str:
        return str(obj["link"])

    def description(self, obj: dict[str, Any]) -> str:
        return _("The latest articles from %(name)s") % {"name": self.title(obj)}

    def items(self, obj: dict[str, Any]) -> list[ArticlePage]:
        articles = selectors.cards(list(obj["articles"][: settings.GAZETTE_FEED_ITEMS]))
        for article in articles:
            # The feed instance is shared between requests, so the request's
            # URLs travel on the items rather than on ``self``.
            article.feed_link = article.get_url(obj["request"])
        return articles

    def item_title(self, item: ArticlePage) -> str:
        return item.title

    def item_description(self, item: ArticlePage) -> str:
        return item.standfirst

    def item_link(self, item: ArticlePage) -> str:
        return str(item.feed_link)

    def item_pubdate(self, item: ArticlePage) -> Any:
        return item.published_at

    def item_updateddate(self, item: ArticlePage) -> Any:
        return item.last_published_at or item.published_at

    def item_author_name(self, item: ArticlePage) -> str:
        return ", ".join(str(a.author) for a in item.article_authors.all())

    def item_categories(self, item: ArticlePage) -> list[str]:
        section = getattr(item, "section", None)
        return [section.title] if section else []
