"""Comment Markdown: a safe subset, rendered once and sanitized with nh3."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p",
    "br",
    "em",
    "strong",
    "a",
    "blockquote",
    "ul",
    "ol",
    "li",
    "code",
    "pre",
}
# "*": no attribute on every tag; without it nh3 keeps lang and title anywhere.
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {"a": {"href"}, "*": set()}
ALLOWED_SCHEMES = {"http", "https", "mailto"}

# CommonMark without raw HTML, images, headings, tables or rules: readers write
# emphasis, links, quotes, lists and code. Bare URLs become links.
_parser = MarkdownIt(
    "commonmark", {"html": False, "linkify": False, "breaks": True}
).disable(["image", "heading", "lheading", "hr", "html_block", "html_inline"])


def render(text: str) -> str:
    """Markdown source → sanitized HTML, safe to include in any page."""
    return sanitize(_parser.render(text))


# Built once: making the rules costs more than cleaning a comment with them.
_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=ALLOWED_SCHEMES,
    link_rel="nofollow ugc noopener",
)


def sanitize(html: str) -> str:
    """Any HTML → the tags comments may use, safe to include in any page."""
    return str(_cleaner.clean(html)).strip()


def quote(text: str, author: str) -> str:
    """The Markdown a quote-reply starts with."""
    lines = [f"> {line}" if line else ">" for line in text.strip().splitlines()]
    return f"> **{author}** wrote:\n>\n" + "\n".join(lines) + "\n\n"
