"""Comment bodies from other systems, made into Gazette's text and safe HTML."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser

from gazette.discussion import markdown

_BLOCK = re.compile(r"</?(p|div|blockquote|ul|ol|li|pre|h\d)\b", re.IGNORECASE)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "p", "li", "blockquote") and self.parts:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain(html: str) -> str:
    """The words of some HTML, with line breaks where it had blocks."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return re.sub(r"\n{3,}", "\n\n", "".join(parser.parts)).strip()


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
