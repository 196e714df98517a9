"""Comment bodies from other systems, made into Gazette's text and safe HTML."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import unescape

from gazette.discussion import markdown

_BLOCK = re.compile(r"</?(p|div|blockquote|ul|ol|li|pre|h\d)\b", re.IGNORECASE)


_BREAK = re.compile(r"<br\s*/?>|</(?:p|li|blockquote|pre)>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def plain(html: str) -> str:
    """The words of sanitized HTML, with line breaks where it had blocks.

    Only for HTML that nh3 has cleaned (well-formed, no comments or scripts),
    where stripping tags is exact.
    """
    words = unescape(_TAG.sub("", _BREAK.sub("\n", html)))
    return re.sub(r"\n{3,}", "\n\n", words).strip()


def from_html(raw: str) -> tuple[str, str]:
    """(text, html) for HTML such as Disqus stores."""
    html = markdown.sanitize(raw)
    return plain(html), html


def autop(raw: str) -> str:
    """WordPress's wpautop, in short: blank lines make paragraphs, newlines <br>."""
    if _BLOCK.search(raw):
        return raw
    paragraphs = [
        p.strip() for p in re.split(r"\n\s*\n", raw.replace("\r", "")) if p.strip()
    ]
    return "".join("<p>" + p.replace("\n", "<br>\n") + "</p>" for p in paragraphs)


def from_wordpress(raw: str) -> tuple[str, str]:
    """(text, html) for a WordPress comment's content (HTML with bare newlines)."""
    return from_html(autop(raw))


def from_markdown(text: str) -> tuple[str, str]:
    """(text, html) for Markdown such as Isso stores."""
    return text, markdown.render(text)


def when(value: str, *, fallback: datetime | None = None) -> datetime | None:
    """A date from an export: ISO 8601, or WordPress's "2013-05-29 10:35:01" (UTC)."""
    value = value.strip()
    if not value or value.startswith("0000-00-00"):
        return fallback
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return fallback
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def from_epoch(value: float | None) -> datetime | None:
    return datetime.fromtimestamp(value, tz=UTC) if value else None
