"""Build publishing data through the same Wagtail calls editors' actions make."""

from __future__ import annotations

import io
import itertools
from datetime import datetime, timedelta
from typing import Any

from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image
from wagtail.models import Site

from gazette.publishing.models import (
    ArticleAuthor,
    ArticlePage,
    Author,
    GazetteImage,
    HomePage,
    RelatedArticle,
    SectionPage,
)

_counter = itertools.count(1)


def image(
    *, title: str | None = None, size: tuple[int, int] = (1600, 900), **fields: Any
) -> GazetteImage:
    n = next(_counter)
    buffer = io.BytesIO()
    Image.new("RGB", size, (n * 40 % 255, 90, 120)).save(buffer, format="JPEG")
    picture = GazetteImage(title=title or f"Picture {n}", **fields)
    picture.file = ImageFile(buffer, name=f"picture-{n}.jpg")
    picture.save()
    return picture


def author(*, name: str | None = None, **fields: Any) -> Author:
    n = next(_counter)
    name = name or f"Reporter {n}"
    return Author.objects.create(name=name, slug=f"reporter-{n}", **fields)


def home() -> HomePage:
    return HomePage.objects.get(pk=Site.objects.get(is_default_site=True).root_page_id)


def section(*, title: str | None = None, parent: HomePage | None = None) -> SectionPage:
    n = next(_counter)
    page = SectionPage(title=title or f"Section {n}", slug=f"section-{n}")
    (parent or home()).add_child(instance=page)
    page.save_revision().publish()
    return page


def article(
    *,
    parent: SectionPage | None = None,
    title: str | None = None,
    topics: list[str] | None = None,
    authors: list[Author] | None = None,
    related: list[ArticlePage] | None = None,
    published_at: datetime | None = None,
    hero_image: GazetteImage | None = None,
    body: list[dict[str, Any]] | None = None,
    publish: bool = True,
    **fields: Any,
) -> ArticlePage:
    n = next(_counter)
    page = ArticlePage(
        title=title or f"Article number {n}",
        slug=f"article-{n}",
        standfirst=fields.pop("standfirst", f"What happened in story {n}."),
        published_at=published_at or timezone.now() - timedelta(minutes=n),
        hero_image=hero_image,
        body=body or [{"type": "paragraph", "value": f"<p>Body of story {n}.</p>"}],
        **fields,
    )
    if topics:
        page.topics.add(*topics)
    page.article_authors = [ArticleAuthor(author=a) for a in (authors or [])]
    page.related_picks = [RelatedArticle(article=a) for a in (related or [])]
    (parent or section()).add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    else:
        page.unpublish()
    page.refresh_from_db()
    return page
