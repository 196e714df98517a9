"""RSS and Atom feeds for the site, a section and a topic."""

from __future__ import annotations

import pytest
from defusedxml import ElementTree
from django.test import Client

from gazette.publishing.tests import factories

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def test_site_rss_feed_lists_articles_newest_first(client: Client) -> None:
    older = factories.article(title="Older", authors=[factories.author(name="Ana")])
    newer = factories.article(title="Newer")
    newer.published_at = older.published_at.replace(year=older.published_at.year + 1)
    newer.save_revision().publish()

    response = client.get("/feeds/rss/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ElementTree.fromstring(response.content).find("channel")
    assert channel is not None
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["Newer", "Older"]
    assert items[1].findtext("link") == f"http://testserver{older.url}"
    assert items[1].findtext("description") == older.standfirst


def test_site_atom_feed_is_valid_atom(client: Client) -> None:
    page = factories.article(title="Atom story", authors=[factories.author(name="Ana")])

    response = client.get("/feeds/atom/")

    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    entry = root.find(f"{ATOM}entry")
    assert entry is not None
    assert entry.findtext(f"{ATOM}title") == "Atom story"
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Ana"
    link = entry.find(f"{ATOM}link")
    assert link is not None
    assert link.get("href") == f"http://testserver{page.url}"


def test_section_feed_has_only_that_sections_articles(client: Client) -> None:
    city = factories.section(title="City")
    factories.article(parent=city, title="City story")
    factories.article(title="Elsewhere")

    xml = client.get(f"/feeds/sections/{city.slug}/rss/").content.decode()

    assert "City story" in xml
    assert "Elsewhere" not in xml
    assert "<title>City · " in xml


def test_topic_feed_has_only_that_topics_articles(client: Client) -> None:
    factories.article(title="Flood story", topics=["Flooding"])
    factories.article(title="Arts story", topics=["Arts"])

    xml = client.get("/feeds/topics/flooding/atom/").content.decode()

    assert "Flood story" in xml
    assert "Arts story" not in xml


def test_feed_leaves_out_drafts_and_respects_the_item_limit(
    client: Client, settings: object
) -> None:
    settings.GAZETTE_FEED_ITEMS = 2  # type: ignore[attr-defined]
    for i in range(3):
        factories.article(title=f"Story {i}")
    factories.article(title="Draft story", publish=False)

    channel = ElementTree.fromstring(client.get("/feeds/rss/").content).find("channel")

    assert channel is not None
    assert [i.findtext("title") for i in channel.findall("item")] == [
        "Story 0",
        "Story 1",
    ]


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/sections/no-such-section/rss/",
        "/feeds/topics/no-such-topic/atom/",
        "/feeds/json/",
        "/feeds/sections/bad%20slug/rss/",
    ],
)
def test_unknown_feed_scope_or_format_is_a_404(client: Client, url: str) -> None:
    factories.article()

    assert client.get(url).status_code == 404
