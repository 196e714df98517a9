from django.urls import URLPattern, path

from gazette.publishing import views
from gazette.publishing.feeds import FEED_FORMATS, ArticleFeed

app_name = "publishing"


def _feed_patterns() -> list[URLPattern]:
    patterns = []
    for fmt in FEED_FORMATS:
        feed = ArticleFeed(fmt)
        patterns += [
            path(f"feeds/{fmt}/", feed, name=f"feed_{fmt}"),
            path(
                f"feeds/sections/<slug:section>/{fmt}/",
                feed,
                name=f"section_feed_{fmt}",
            ),
            path(f"feeds/topics/<slug:topic>/{fmt}/", feed, name=f"topic_feed_{fmt}"),
        ]
    return patterns


urlpatterns = [
    path("search/", views.search, name="search"),
    path("topics/<slug:slug>/", views.topic, name="topic"),
    *_feed_patterns(),
]
