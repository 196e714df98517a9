"""StreamField blocks for the article body."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

# Every rendition the body's image templates ask for (blocks/image.html and
# blocks/gallery.html). Loading them with the images keeps an article with ten
# photos at the same number of queries as an article with one.
BODY_IMAGE_SPECS = (
    "max-2400x2400",
    "width-640",
    "width-1024",
    "width-1600",
    "fill-400x300",
    "fill-800x600",
)


class BodyImageChooserBlock(ImageChooserBlock):
    """An image chooser that loads its images with their renditions."""

    def bulk_to_python(self, values: Sequence[Any]) -> list[Any]:
        images = self.target_model.objects.prefetch_renditions(
            *BODY_IMAGE_SPECS
        ).in_bulk(values)
        result: list[Any] = []
        seen: set[Any] = set()
        for pk in values:
            image = images.get(pk)
            # The same image twice must be two objects, as Wagtail's own block does.
            result.append(
                copy.copy(image) if image is not None and pk in seen else image
            )
            seen.add(pk)
        return result


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=200, label=_("Text"))
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3"))],
        default="h2",
        label=_("Level"),
    )

    class Meta:
        icon = "title"
        template = "publishing/blocks/heading.html"


class ImageBlock(blocks.StructBlock):
    image = BodyImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(
        required=False,
        max_length=255,
        label=_("Caption"),
        help_text=_("Leave blank to use the image's own caption."),
    )

    class Meta:
        icon = "image"
        template = "publishing/blocks/image.html"


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, max_length=120, label=_("Title"))
    photos = blocks.ListBlock(ImageBlock(), min_num=2, label=_("Photos"))

    class Meta:
        icon = "image"
        label = _("Photo gallery")
        template = "publishing/blocks/gallery.html"


class PullQuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=500, label=_("Quote"))
    attribution = blocks.CharBlock(
        required=False, max_length=120, label=_("Who said it")
    )

    class Meta:
        icon = "openquote"
        label = _("Pull quote")
        template = "publishing/blocks/pull_quote.html"


class SocialPostBlock(blocks.StructBlock):
    """A post quoted from a social network, rendered by Gazette itself.

    No third-party embed script is loaded: the reader's browser talks only to
    the newsroom, and the quote survives the post being deleted upstream.
    """

    author_name = blocks.CharBlock(max_length=120, label=_("Author"))
    handle = blocks.CharBlock(
        max_length=60, label=_("Handle"), help_text=_("Without the @, e.g. ValmoraCPA")
    )
    network = blocks.CharBlock(
        max_length=40, required=False, label=_("Network"), help_text=_("e.g. Twitter")
    )
    posted_at = blocks.DateTimeBlock(label=_("Posted at"))
    text = blocks.TextBlock(max_length=2000, label=_("Text"))
    url = blocks.URLBlock(label=_("Link to the post"))

    class Meta:
        icon = "openquote"
        label = _("Quoted social post")
        template = "publishing/blocks/social_post.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul", "blockquote"],
        label=_("Paragraph"),
        template="publishing/blocks/paragraph.html",
    )
    heading = HeadingBlock(label=_("Heading"))
    image = ImageBlock(label=_("Image"))
    gallery = GalleryBlock()
    pull_quote = PullQuoteBlock()
    social_post = SocialPostBlock()
