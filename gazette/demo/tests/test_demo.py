"""The demo newsroom loaded by ``make run``."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.models import Page, Revision

from gazette.demo import content
from gazette.demo.loader import demo_load
from gazette.publishing.models import ArticlePage, Author, GazetteImage, SectionPage

pytestmark = pytest.mark.django_db


def _snapshot() -> tuple[int, ...]:
    return (
        Page.objects.count(),
        Revision.objects.count(),
        GazetteImage.objects.count(),
        Author.objects.count(),
    )


def test_demo_load_is_idempotent() -> None:
    first = demo_load()
    before = _snapshot()

    second = demo_load()

    assert first.total > 0
    assert second.total == 0
    assert _snapshot() == before


def test_demo_has_the_promised_shape() -> None:
    demo_load()

    assert SectionPage.objects.live().count() >= 3
    assert ArticlePage.objects.live().count() >= 10
    assert Author.objects.count() >= 2
    articles = ArticlePage.objects.live()
    # Topics link articles: every article shares a topic with another one.
    for article in articles:
        names = {tag.name for tag in article.topics.all()}
        others = articles.exclude(pk=article.pk).filter(topics__name__in=names)
        assert others.exists(), article.title


def test_demo_reference_article_mirrors_the_reference_page(client: Client) -> None:
    demo_load()
    spec = content.ARTICLES[0]
    page = ArticlePage.objects.get(slug=spec["slug"])

    html = client.get(page.url).content.decode()

    assert "(Photos)" in page.title
    assert "Source: <a href=" in html
    assert "(@ValmoraCPA) on Twitter" in html
    assert 'class="gallery"' in html
    assert 'class="social-post"' in html
    assert "More on this topic:" in html
    assert html.count('class="card"') >= 2
    # The donation drive's bar, and "Support <site>" around the article.
    assert '<strong class="goal-bar__raised">$3,250</strong>' in html
    assert "<li>$0</li>" in html
    assert "<li>$2,500</li>" in html
    assert "<li>$5,000</li>" in html
    assert html.count("Support The Valmora Ledger") == 2


def test_load_demo_command_prints_the_admin_login_and_refuses_production(
    capsys: pytest.CaptureFixture[str], settings: object
) -> None:
    call_command("load_demo")
    assert "Demo admin login: admin / gazette-demo" in capsys.readouterr().out

    settings.GAZETTE_ENV = "production"  # type: ignore[attr-defined]
    with pytest.raises(Exception, match="not for production"):
        call_command("load_demo")
