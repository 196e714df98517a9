"""Publishing models: images, authors, and the Home → Section → Article tree."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Orderable, Page
from wagtail.search import index

from gazette.core.paging import page_or_404
from gazette.publishing.blocks import ArticleBodyBlock


class GazetteImage(AbstractImage):
    """A Wagtail image that knows who made it and where it came from."""

    caption = models.CharField(_("default caption"), max_length=255, blank=True)
    credit = models.CharField(
        _("credit"),
        max_length=255,
        blank=True,
        help_text=_("Who made the image, e.g. 'Photo: Ana Ruiz'."),
    )
    source = models.CharField(
        _("source"),
        max_length=255,
        blank=True,
        help_text=_("Where it was published first, e.g. 'Ministry of Defence (@mod)'."),
    )
    source_url = models.URLField(_("source link"), blank=True)

    admin_form_fields = (
        *Image.admin_form_fields,
        "caption",
        "credit",
        "source",
        "source_url",
    )

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")

    @property
    def credit_line(self) -> str:
        """Credit and source as plain text, e.g. for the lightbox."""
        parts = [self.credit] if self.credit else []
        if self.source:
            parts.append(_("Source: %(source)s") % {"source": self.source})
        return ". ".join(parts)


class GazetteRendition(AbstractRendition):
    """A resized copy of a :class:`GazetteImage`."""

    image = models.ForeignKey(
        GazetteImage, on_delete=models.CASCADE, related_name="renditions"
    )

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class Author(index.Indexed, models.Model):
    """A byline: a reporter, editor or contributor. Edited as a Wagtail snippet."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    role = models.CharField(_("role"), max_length=120, blank=True)
    bio = models.TextField(_("biography"), blank=True)
    photo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels: ClassVar[list[Any]] = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("role"),
        FieldPanel("bio"),
        FieldPanel("photo"),
    ]
    search_fields: ClassVar[list[Any]] = [index.SearchField("name")]

    class Meta:
        ordering = ("name",)
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self) -> str:
        return self.name


class ArticleTopic(TaggedItemBase):
    """Links an article to a topic (a taggit tag)."""

    content_object = ParentalKey(
        "publishing.ArticlePage", on_delete=models.CASCADE, related_name="topic_items"
    )


class HomePage(Page):
    """The front page: the lead story, then the latest articles of each section."""

    lead_story = models.ForeignKey(
        "publishing.ArticlePage",
        verbose_name=_("lead story"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leave blank to lead with the newest article."),
    )

    content_panels: ClassVar[list[Any]] = [*Page.content_panels, "lead_story"]
    parent_page_types: ClassVar[list[str]] = ["wagtailcore.Page"]
    subpage_types: ClassVar[list[str]] = ["publishing.SectionPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> dict[str, Any]:
        from gazette.publishing import selectors

        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        context.update(selectors.front_page(home=self))
        return context


class SectionPage(Page):
    """A section of the newsroom (City, Politics…) listing its articles."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels: ClassVar[list[Any]] = [*Page.content_panels, "intro"]
    parent_page_types: ClassVar[list[str]] = ["publishing.HomePage"]
    subpage_types: ClassVar[list[str]] = ["publishing.ArticlePage"]

    class Meta:
        verbose_name = _("section")

    def get_context(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> dict[str, Any]:
        from gazette.publishing import selectors

        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        page = page_or_404(
            Paginator(
                selectors.section_articles(section=self),
                settings.GAZETTE_SECTION_PAGE_SIZE,
            ),
            request.GET.get("page"),
        )
        context["articles"] = selectors.cards(list(page.object_list))
        context["page_obj"] = page
        return context


class ArticlePage(Page):
    """A news article. The page title is its headline."""

    standfirst = models.TextField(
        _("standfirst"),
        max_length=500,
        blank=True,
        help_text=_("One or two sentences under the headline."),
    )
    published_at = models.DateTimeField(_("publication date"), default=timezone.now)
    hero_image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_caption = models.CharField(
        _("hero caption"),
        max_length=255,
        blank=True,
        help_text=_("Leave blank to use the image's own caption."),
    )
    body = StreamField(ArticleBodyBlock(), blank=True, verbose_name=_("body"))
    topics = ClusterTaggableManager(
        through=ArticleTopic, blank=True, verbose_name=_("topics")
    )

    content_panels: ClassVar[list[Any]] = [
        *Page.content_panels,
        "standfirst",
        InlinePanel("article_authors", label=_("Authors"), min_num=1),
        MultiFieldPanel(["hero_image", "hero_caption"], heading=_("Hero image")),
        "body",
        "topics",
        InlinePanel(
            "related_picks",
            label=_("More on this topic"),
            help_text=_("Picked first; articles sharing topics fill the rest."),
        ),
    ]
    promote_panels: ClassVar[list[Any]] = [*Page.promote_panels, "published_at"]
    search_fields: ClassVar[list[Any]] = [
        *Page.search_fields,
        index.SearchField("standfirst"),
        index.SearchField("body"),
        index.FilterField("published_at"),
    ]
    parent_page_types: ClassVar[list[str]] = ["publishing.SectionPage"]
    subpage_types: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def get_context(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> dict[str, Any]:
        from gazette.publishing import selectors

        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        context.update(selectors.article_detail(article=self))
        # Other apps add to the article page (discussion: the comment section).
        for hook in hooks.get_hooks("gazette_article_context"):
            context.update(hook(request, self))
        return context

    @property
    def caption(self) -> str:
        """The hero caption, falling back to the image's own."""
        if self.hero_caption:
            return self.hero_caption
        return self.hero_image.caption if self.hero_image else ""


class ArticleAuthor(Orderable):
    """An author of an article, in byline order."""

    page = ParentalKey(
        ArticlePage, on_delete=models.CASCADE, related_name="article_authors"
    )
    author = models.ForeignKey(
        Author, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )

    panels: ClassVar[list[Any]] = [FieldPanel("author")]

    def __str__(self) -> str:
        return str(self.author)


class RelatedArticle(Orderable):
    """An editor's pick for an article's "More on this topic" list."""

    page = ParentalKey(
        ArticlePage, on_delete=models.CASCADE, related_name="related_picks"
    )
    article = models.ForeignKey(
        ArticlePage,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels: ClassVar[list[Any]] = [FieldPanel("article")]

    def __str__(self) -> str:
        return str(self.article)


@register_setting(icon="site")
class NewsroomSettings(BaseSiteSetting):
    """Per-site facts about the newsroom shown on every page."""

    tagline = models.CharField(_("tagline"), max_length=160, blank=True)
    social_handle = models.CharField(
        _("social handle"),
        max_length=60,
        blank=True,
        help_text=_("Without the @; used for Twitter card metadata."),
    )

    class Meta:
        verbose_name = _("newsroom")
