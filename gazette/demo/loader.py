"""Load the demo newsroom.

Idempotent: a second run finds everything and writes nothing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from gazette.demo import content
from gazette.demo import drive as demo_drive
from gazette.demo.pictures import jpeg_bytes, paint
from gazette.discussion import inline, keys, services
from gazette.discussion.models import Comment
from gazette.publishing.blocks import ArticleBodyBlock
from gazette.publishing.models import (
    ArticleAuthor,
    ArticlePage,
    Author,
    GazetteImage,
    HomePage,
    NewsroomSettings,
    RelatedArticle,
    SectionPage,
)

DEMO_ADMIN_USERNAME = "admin"
DEMO_MODERATOR_USERNAME = "moderator"
DEMO_ADMIN_PASSWORD = "gazette-demo"  # noqa: S105  (printed by make run; demo only)


@dataclass
class DemoReport:
    """What a demo load created; all zeros on a second run."""

    created: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str) -> None:
        self.created[kind] = self.created.get(kind, 0) + 1

    @property
    def total(self) -> int:
        return sum(self.created.values())


def _new_image(title: str, filename: str, data: bytes, **fields: str) -> GazetteImage:
    image = GazetteImage(title=title, **fields)
    # ImageFile lets Django fill in width and height as the file is saved.
    image.file = ImageFile(io.BytesIO(data), name=filename)
    image.save()
    return image


def _image(key: str, report: DemoReport) -> GazetteImage:
    title, kind, mood, seed, caption, credit, source, source_url = content.IMAGES[key]
    existing = GazetteImage.objects.filter(title=title).first()
    if existing:
        return existing
    image = _new_image(
        title,
        f"demo-{key}.jpg",
        jpeg_bytes(paint(kind, seed=seed, mood=mood)),
        caption=caption,
        credit=credit,
        source=source,
        source_url=source_url,
    )
    report.add("images")
    return image


def _author(spec: dict[str, Any], report: DemoReport) -> Author:
    author = Author.objects.filter(slug=spec["slug"]).first()
    if author:
        return author
    photo = GazetteImage.objects.filter(title=spec["name"]).first()
    if photo is None:
        portrait = jpeg_bytes(paint("portrait", seed=spec["seed"], size=(400, 400)))
        photo = _new_image(spec["name"], f"demo-{spec['slug']}.jpg", portrait)
        report.add("images")
    report.add("authors")
    return Author.objects.create(
        slug=spec["slug"],
        name=spec["name"],
        role=spec["role"],
        bio=spec["bio"],
        photo=photo,
    )


def _body(blocks: list[tuple[str, Any]], now: datetime, report: DemoReport) -> Any:
    raw: list[dict[str, Any]] = []
    for kind, value in blocks:
        if kind == "heading":
            raw.append({"type": kind, "value": {"text": value, "level": "h2"}})
        elif kind == "pull_quote":
            raw.append(
                {"type": kind, "value": {"quote": value[0], "attribution": value[1]}}
            )
        elif kind == "gallery":
            title, keys = value
            photos = [{"image": _image(key, report).pk, "caption": ""} for key in keys]
            raw.append({"type": kind, "value": {"title": title, "photos": photos}})
        elif kind == "social_post":
            post = dict(value)
            posted_at = now - timedelta(hours=post.pop("posted_hours_ago"))
            post["posted_at"] = posted_at.isoformat()
            raw.append({"type": kind, "value": post})
        else:
            raw.append({"type": kind, "value": value})
    return ArticleBodyBlock().to_python(raw)


def _publish(page: Any) -> None:
    page.save_revision().publish()


def _sections(home: HomePage, report: DemoReport) -> dict[str, SectionPage]:
    sections = {}
    for slug, title, intro in content.SECTIONS:
        section = SectionPage.objects.child_of(home).filter(slug=slug).first()
        if section is None:
            section = SectionPage(title=title, slug=slug, intro=intro)
            home.add_child(instance=section)
            _publish(section)
            report.add("sections")
        sections[slug] = section
    return sections


def _articles(
    sections: dict[str, SectionPage], now: datetime, report: DemoReport
) -> dict[str, ArticlePage]:
    articles: dict[str, ArticlePage] = {}
    # Articles that pick related coverage go last, so their picks exist.
    for spec in sorted(content.ARTICLES, key=lambda s: bool(s.get("related"))):
        slug = str(spec["slug"])
        section = sections[str(spec["section"])]
        article = ArticlePage.objects.child_of(section).filter(slug=slug).first()
        if article is None:
            article = ArticlePage(
                title=spec["title"],
                slug=slug,
                standfirst=spec["standfirst"],
                published_at=now - timedelta(days=int(spec["days"])),
                hero_image=_image(str(spec["hero"]), report),
                body=_body(spec["body"], now, report),
            )
            article.topics.add(*spec["topics"])
            article.article_authors = [
                ArticleAuthor(author=Author.objects.get(slug=author_slug))
                for author_slug in spec["authors"]
            ]
            article.related_picks = [
                RelatedArticle(article=articles[related])
                for related in spec.get("related", [])
            ]
            section.add_child(instance=article)
            _publish(article)
            report.add("articles")
        articles[slug] = article
    return articles


def _comments(article: ArticlePage, report: DemoReport) -> None:
    """The lead story's discussion, posted through the discussion services."""
    key = keys.page_key(article.pk)
    if Comment.objects.filter(thread__key=key).exists():
        return
    posted: list[Comment] = []
    for name, text, parent, up, down in content.COMMENTS:
        comment = services.comment_create(
            services.CommentRequest(
                thread_key=key,
                text=text,
                author_name=name,
                parent_id=posted[parent].pk if parent is not None else None,
                confirmed=True,
            )
        ).comment
        posted.append(comment)
        report.add("comments")
        if comment.status != Comment.Status.PUBLISHED:
            continue
        votes = [1] * up + [-1] * down
        for n, value in enumerate(votes):
            services.vote_cast(comment_id=comment.pk, voter=f"g:demo-{n}", value=value)
    _inline_feedback(article, report)


def _inline_feedback(article: ArticlePage, report: DemoReport) -> None:
    """An editor's question and a reader's comment on passages of the story."""
    for quote, question in content.INLINE_QUESTIONS:
        draft = inline.QuestionDraft(page=article, quote=quote, text=question)
        inline.question_save(draft)
        report.add("inline questions")
    for name, quote, text in content.INLINE_COMMENTS:
        services.comment_create(
            services.CommentRequest(
                thread_key=keys.page_key(article.pk),
                text=text,
                author_name=name,
                anchor=inline.anchor_for_quote(article, quote),
                confirmed=True,
            )
        )
        report.add("comments")


@transaction.atomic
def demo_load(*, now: datetime | None = None) -> DemoReport:
    """Create The Valmora Ledger's sections, authors, images and articles.

    Precondition: migrations have run (the home page exists). Finds each object
    by a stable key (slug or title) and creates only what is missing.
    """
    now = now or timezone.now()
    report = DemoReport()
    site = Site.objects.get(is_default_site=True)
    home = HomePage.objects.get(pk=site.root_page_id)
    if site.site_name != content.NEWSROOM["name"]:
        site.site_name = content.NEWSROOM["name"]
        site.save(update_fields=["site_name"])
        report.add("site")
    newsroom = NewsroomSettings.for_site(site)
    if not newsroom.tagline:
        newsroom.tagline = content.NEWSROOM["tagline"]
        newsroom.social_handle = content.NEWSROOM["social_handle"]
        newsroom.save()
        report.add("settings")
    for spec in content.AUTHORS:
        _author(spec, report)
    articles = _articles(_sections(home, report), now, report)
    if home.lead_story_id is None:
        home.title = content.NEWSROOM["name"]
        home.lead_story = articles[str(content.ARTICLES[0]["slug"])]
        _publish(home)
        report.add("home")
    lead = articles[str(content.ARTICLES[0]["slug"])]
    _comments(lead, report)
    for _made in range(demo_drive.load(lead, now)):
        report.add("funding")
    user_model = get_user_model()
    if not user_model.objects.filter(username=DEMO_ADMIN_USERNAME).exists():
        user_model.objects.create_superuser(
            DEMO_ADMIN_USERNAME, "admin@valmora.example", DEMO_ADMIN_PASSWORD
        )
        report.add("users")
    if not user_model.objects.filter(username=DEMO_MODERATOR_USERNAME).exists():
        # A second person for what one moderator may not do alone (appeals).
        moderator = user_model.objects.create_user(
            DEMO_MODERATOR_USERNAME, "moderator@valmora.example", DEMO_ADMIN_PASSWORD
        )
        moderator.groups.add(Group.objects.get(name="Comment moderators"))
        report.add("users")
    return report
