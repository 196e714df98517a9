"""A reader's visit: front page, the demo article, its photos, search, errors."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.artifacts import snap

ARTICLE = "/city/sea-wall-breach-floods-harbour-district/"
HEADLINE = "Sea wall breach floods Valmora's harbour district overnight (Photos)"


def test_front_page_leads_with_the_demo_story_and_lists_sections(page: Page) -> None:
    page.goto("/")

    expect(page).to_have_title("The Valmora Ledger")
    expect(page.locator(".lead .card__title")).to_have_text(HEADLINE)
    nav = page.get_by_role("navigation", name="Sections")
    for section in ("City", "Environment", "Politics", "Culture"):
        expect(nav.get_by_role("link", name=section)).to_be_visible()
    expect(page.locator(".home-section")).to_have_count(4)
    assert_accessible(page)


def test_demo_article_shows_every_element_of_the_reference_page(page: Page) -> None:
    page.goto(ARTICLE)

    expect(page.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    expect(page.locator(".article__byline")).to_contain_text("By Marta Ilves")
    hero = page.locator("figure.hero")
    expect(hero).to_contain_text("Click to see full-size image.")
    expect(hero.locator("figcaption")).to_contain_text(
        "Source: Valmora Civil Protection Agency (@ValmoraCPA) on Twitter"
    )
    post = page.locator(".social-post")
    expect(post).to_contain_text("@ValmoraCPA")
    expect(post).to_contain_text("OFFICIAL: The sea wall on Quay Road was breached")
    expect(page.locator(".gallery li")).to_have_count(5)
    expect(page.locator(".pull-quote")).to_contain_text("the street was a river")
    related = page.get_by_role("region", name="More on this topic:")
    expect(related.locator(".card")).to_have_count(4)
    expect(related.locator(".card__title").first).to_have_text(
        "Engineers warned of sea wall weakness two years ago, records show"
    )
    expect(page.locator(".topic-list a")).to_have_count(3)
    assert_accessible(page)


def test_clicking_the_hero_shows_the_full_size_image(page: Page) -> None:
    page.goto(ARTICLE)
    inline_width = page.locator(".hero__image").evaluate("img => img.naturalWidth")

    page.locator(".hero__link").click()

    dialog = page.locator("dialog.lightbox")
    expect(dialog).to_be_visible()
    image = dialog.locator(".lightbox__image")
    expect(image).to_have_attribute("src", re.compile(r"\.max-2400x2400\."))
    page.wait_for_function(
        "() => document.querySelector('.lightbox__image').naturalWidth > 0"
    )
    assert image.evaluate("img => img.naturalWidth") > inline_width
    expect(dialog).to_contain_text("Water fills Quay Road")
    expect(dialog.locator(".lightbox__credit")).to_have_text(
        "Photo: Valmora Civil Protection Agency. "
        "Source: Valmora Civil Protection Agency (@ValmoraCPA) on Twitter"
    )
    expect(dialog.get_by_role("button", name="Close")).to_be_focused()
    snap(page, "hero-lightbox-open")
    assert_accessible(page)

    page.keyboard.press("Escape")

    expect(dialog).to_be_hidden()
    expect(page.locator(".hero__link")).to_be_focused()


def test_gallery_pages_through_photos_with_the_keyboard(page: Page) -> None:
    page.goto(ARTICLE)
    first = page.locator(".gallery a[data-lightbox]").first
    first.focus()

    page.keyboard.press("Enter")

    dialog = page.locator("dialog.lightbox")
    counter = dialog.locator(".lightbox__counter")
    caption = dialog.locator("figcaption")
    expect(counter).to_have_text("Photo 1 of 5")
    expect(caption).to_have_text(
        "Chandler Street, where 140 residents left their homes overnight."
    )
    page.keyboard.press("ArrowRight")
    expect(counter).to_have_text("Photo 2 of 5")
    expect(caption).to_have_text("Pumps draining the fish market's loading bay.")
    expect(dialog.locator(".lightbox__credit")).to_have_text("Photo: Marta Ilves")
    page.wait_for_function(
        "() => document.querySelector('.lightbox__image').complete"
        " && document.querySelector('.lightbox__image').naturalWidth > 0"
    )
    snap(page, "gallery-lightbox-photo-2")
    page.keyboard.press("End")
    expect(counter).to_have_text("Photo 5 of 5")
    page.keyboard.press("ArrowRight")
    expect(counter).to_have_text("Photo 1 of 5")
    page.keyboard.press("ArrowLeft")
    expect(counter).to_have_text("Photo 5 of 5")
    dialog.get_by_role("button", name="Previous photo").click()
    expect(counter).to_have_text("Photo 4 of 5")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(first).to_be_focused()


def test_without_javascript_the_hero_is_a_plain_link_to_the_image(
    new_page: Callable[..., Page],
) -> None:
    page = new_page(java_script_enabled=False)
    page.goto(ARTICLE)

    with page.expect_navigation() as navigation:
        page.locator(".hero__link").click()

    response = navigation.value
    assert response is not None
    assert response.status == 200
    assert response.headers["content-type"] == "image/jpeg"


def test_dark_mode_follows_the_readers_system_setting(
    new_page: Callable[..., Page],
) -> None:
    light = new_page(color_scheme="light")
    dark = new_page(color_scheme="dark")
    for page in (light, dark):
        page.goto(ARTICLE)

    def background(page: Page) -> list[int]:
        colour = page.evaluate("getComputedStyle(document.body).backgroundColor")
        return [int(n) for n in re.findall(r"\d+", colour)[:3]]

    assert sum(background(light)) > 600
    assert sum(background(dark)) < 150
    assert_accessible(dark)


def test_a_spanish_reader_sees_the_site_in_spanish(
    new_page: Callable[..., Page],
) -> None:
    page = new_page(locale="es-ES")
    page.goto(ARTICLE)

    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("button", name="Buscar")).to_be_visible()
    expect(page.get_by_role("heading", name="Más sobre este tema:")).to_be_visible()
    expect(page.locator(".hero__hint")).to_have_text(
        "Haga clic para ver la imagen a tamaño completo."
    )
    assert_accessible(page)


def test_search_finds_the_demo_article(page: Page) -> None:
    # The worker indexes pages in the background; give it a little time.
    deadline = time.monotonic() + 60
    while True:
        page.goto("/")
        page.get_by_role("searchbox", name="Search articles").fill("sea wall breach")
        page.get_by_role("button", name="Search").click()
        if page.locator(".card").count() or time.monotonic() > deadline:
            break
        time.sleep(1)

    expect(page).to_have_url(re.compile(r"/search/\?q=sea\+wall\+breach"))
    expect(page.locator(".card__title").first).to_have_text(HEADLINE)
    assert_accessible(page)


def test_sections_and_topics_list_their_articles(page: Page) -> None:
    page.goto("/")
    page.get_by_role("navigation", name="Sections").get_by_role(
        "link", name="Politics"
    ).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Politics")
    expect(page.locator(".card")).to_have_count(3)
    assert_accessible(page)

    page.goto(ARTICLE)
    page.locator(".topic-list").get_by_role("link", name="Sea wall").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sea wall")
    expect(page.locator(".card__title")).to_have_text(
        [HEADLINE, "Engineers warned of sea wall weakness two years ago, records show"]
    )


def test_an_unknown_page_is_a_friendly_404(page: Page) -> None:
    response = page.goto("/no/such/story/")

    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_role("link", name="Go to the front page")).to_be_visible()
    assert_accessible(page)


def test_the_front_page_fits_a_phone_screen(new_page: Callable[..., Page]) -> None:
    page = new_page(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page.goto("/")

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    expect(page.locator(".lead .card__title")).to_be_visible()
    assert_accessible(page)
