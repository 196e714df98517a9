"""Reader-facing pages rendered through Django's test client."""

from __future__ import annotations

from typing import Any

import hypothesis
import pytest
from django.test import Client
from hypothesis import strategies as st

from gazette.publishing import selectors
from gazette.publishing.models import SectionPage
from gazette.publishing.tests import factories

pytestmark = pytest.mark.django_db


def test_article_page_shows_headline_byline_hero_credit_and_topics(
    client: Client,
) -> None:
    hero = factories.image(
        title="Flooded quay",
        caption="Water on Quay Road.",
        credit="Photo: Ana Ruiz",
        source="Ministry of Defence (@mod)",
        source_url="https://social.example/@mod/1",
    )
    page = factories.article(
        title="Harbour wall gives way (Photos)",
        topics=["Flooding"],
        authors=[factories.author(name="Marta Ilves", bio="Covers the coast.")],
        hero_image=hero,
    )

    response = client.get(page.url)

    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="article__headline">Harbour wall gives way (Photos)</h1>' in html
    assert "Marta Ilves" in html
    assert "Covers the coast." in html
    assert "Water on Quay Road." in html
    assert "Photo: Ana Ruiz" in html
    assert (
        'Source: <a href="https://social.example/@mod/1" rel="noopener">'
        "Ministry of Defence (@mod)</a>"
    ) in html
    assert 'href="/topics/flooding/"' in html
    assert "Click to see full-size image." in html


def test_hero_caption_on_the_article_overrides_the_images_own(client: Client) -> None:
    hero = factories.image(caption="The image's caption.")
    page = factories.article(hero_image=hero, hero_caption="This story's caption.")

    html = client.get(page.url).content.decode()

    assert "This story&#x27;s caption." in html
    assert "The image&#x27;s caption." not in html


def test_hero_links_to_a_full_size_rendition_and_offers_a_srcset(
    client: Client,
) -> None:
    page = factories.article(hero_image=factories.image(size=(2000, 1200)))

    html = client.get(page.url).content.decode()

    assert 'data-lightbox="hero"' in html
    assert ".max-2400x2400." in html
    assert 'data-lightbox-width="2000"' in html
    assert "srcset=" in html
    assert ".width-640." in html
    assert ".width-1600." in html


def test_body_renders_every_block_type(client: Client) -> None:
    photos = [
        factories.image(title=f"Gallery {i}", caption=f"Shot {i}") for i in range(3)
    ]
    body: list[dict[str, Any]] = [
        {"type": "paragraph", "value": "<p>Water rose overnight.</p>"},
        {"type": "heading", "value": {"text": "What happens next", "level": "h2"}},
        {"type": "image", "value": {"image": photos[0].pk, "caption": "A lone photo"}},
        {
            "type": "gallery",
            "value": {
                "title": "At first light",
                "photos": [{"image": p.pk, "caption": ""} for p in photos],
            },
        },
        {
            "type": "pull_quote",
            "value": {"quote": "A roar, then a river.", "attribution": "Ines"},
        },
        {
            "type": "social_post",
            "value": {
                "author_name": "Civil Protection",
                "handle": "ValmoraCPA",
                "network": "Twitter",
                "posted_at": "2026-11-24T02:10:00+00:00",
                "text": "OFFICIAL: the sea wall was breached.",
                "url": "https://social.example/@ValmoraCPA/1102",
            },
        },
    ]
    page = factories.article(body=body)

    html = client.get(page.url).content.decode()

    assert "<p>Water rose overnight.</p>" in html
    assert '<h2 class="article__subheading"' in html
    assert "A lone photo" in html
    assert "At first light" in html
    assert html.count('data-lightbox="gallery-') == 3
    assert "3 photos" in html
    assert "A roar, then a river." in html
    assert "@ValmoraCPA" in html
    assert "OFFICIAL: the sea wall was breached." in html
    assert 'href="https://social.example/@ValmoraCPA/1102"' in html
    # Rendered by Gazette: no third-party embed script.
    assert "platform.twitter.com" not in html
    body_html = html.split('<div class="article__body">')[1].split("</article>")[0]
    assert "<script" not in body_html
    assert "<iframe" not in body_html


def test_article_has_open_graph_and_twitter_card_meta(client: Client) -> None:
    page = factories.article(
        title="Tide record",
        standfirst="Highest tide in 30 years.",
        hero_image=factories.image(),
        topics=["Climate"],
    )

    html = client.get(page.url).content.decode()

    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Tide record">' in html
    assert (
        '<meta property="og:description" content="Highest tide in 30 years.">' in html
    )
    assert '<meta property="og:image" content="http://testserver/media/' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert '<meta property="article:tag" content="Climate">' in html


def test_front_page_leads_with_newest_article_then_lists_each_section(
    client: Client,
) -> None:
    city = factories.section(title="City")
    politics = factories.section(title="Politics")
    older = factories.article(parent=city, title="Older city story")
    newest = factories.article(parent=politics, title="Newest politics story")
    newest.published_at = older.published_at.replace(year=older.published_at.year + 1)
    newest.save_revision().publish()

    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    lead = html.split('class="lead"')[1].split("</section>")[0]
    assert "Newest politics story" in lead
    assert "Older city story" in html.split('class="home-section"')[1]


def test_front_page_lead_story_can_be_chosen_by_the_editor(client: Client) -> None:
    chosen = factories.article(title="Editor's choice")
    factories.article(title="A newer story")
    home = factories.home()
    home.lead_story = chosen
    home.save_revision().publish()

    html = client.get("/").content.decode()

    assert (
        "Editor&#x27;s choice" in html.split('class="lead"')[1].split("</section>")[0]
    )


def _city_with_stories(count: int) -> Any:
    """A City section with ``count`` stories, story 0 the newest."""
    city = factories.section(title="City")
    for i in range(count):
        factories.article(parent=city, title=f"City story {i}")
    return city


def test_front_page_shows_only_the_latest_articles_per_section(
    client: Client, settings: Any
) -> None:
    settings.GAZETTE_HOME_ARTICLES_PER_SECTION = 2
    _city_with_stories(4)

    html = client.get("/").content.decode()

    # Story 0 is newest and leads; stories 1 and 2 are listed; 3 is not shown.
    assert "City story 0" in html
    assert "City story 1" in html
    assert "City story 3" not in html


def test_drafts_are_not_shown_anywhere(client: Client) -> None:
    draft = factories.article(title="Embargoed story", publish=False)

    assert "Embargoed story" not in client.get("/").content.decode()
    assert client.get(f"/{draft.get_parent().slug}/{draft.slug}/").status_code == 404


def test_section_page_lists_its_articles_and_paginates(
    client: Client, settings: Any
) -> None:
    settings.GAZETTE_SECTION_PAGE_SIZE = 2
    city = _city_with_stories(3)

    first = client.get(city.url).content.decode()
    second = client.get(city.url + "?page=2").content.decode()

    assert "City story 0" in first
    assert "City story 1" in first
    assert "City story 2" in second
    assert "Page 2 of 2" in second


@pytest.mark.parametrize(
    "page",
    ["0", "3", "abc", "-1", "99999999999999999999", "\u00b2", "\u0661", "1e1", "+1 "],
)
def test_section_page_with_a_bad_page_number_is_a_404(
    client: Client, page: str
) -> None:
    city = factories.section(title="City")
    factories.article(parent=city)

    response = client.get(city.url, {"page": page})

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_topic_page_lists_articles_with_that_topic(client: Client) -> None:
    factories.article(title="Flood story", topics=["Flooding"])
    factories.article(title="Budget story", topics=["Budget"])

    response = client.get("/topics/flooding/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Flood story" in html
    assert "Budget story" not in html


def test_unknown_topic_and_unknown_page_are_404s(client: Client) -> None:
    factories.article()

    assert client.get("/topics/no-such-topic/").status_code == 404
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_sitemap_lists_sections_and_articles(client: Client) -> None:
    page = factories.article(title="Mapped story")

    response = client.get("/sitemap.xml")

    xml = response.content.decode()
    assert response.status_code == 200
    assert f"http://localhost{page.url}" in xml or page.url in xml
    assert page.get_parent().url in xml


def test_pages_are_translated_into_spanish(client: Client) -> None:
    factories.article(title="Historia")

    html = client.get("/", HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert '<html lang="es">' in html
    assert "Buscar" in html
    assert "Saltar al contenido" in html


@pytest.mark.django_db
def test_passage_texts_are_the_paragraph_text_a_browser_reads() -> None:
    page = factories.article(
        body=[
            {
                "type": "paragraph",
                "value": "<p>Fish &amp; chips <a href='/x'>here</a></p>",
            },
            {"type": "heading", "value": {"text": "Not a passage", "level": "h2"}},
            {"type": "paragraph", "value": "<p>One.</p><p>Two&nbsp;words.</p>"},
        ]
    )

    texts = list(selectors.passage_texts(article=page).values())

    assert texts == ["Fish & chips here", "One.Two\xa0words."]


@hypothesis.settings(max_examples=60, deadline=None, derandomize=True, database=None)
@hypothesis.given(page=st.text(max_size=24))
def test_every_paged_list_answers_any_page_number_without_an_error(page: str) -> None:
    city = SectionPage.objects.first() or factories.section(title="City")
    if not city.get_children().exists():
        factories.article(parent=city, topics=["Flooding"])
    client = Client()

    for url in (city.url, "/search/?q=story", "/topics/flooding/"):
        response = client.get(url, {"page": page})
        assert response.status_code in (200, 404), (url, page)
