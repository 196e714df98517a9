"""What an embedding page may say about its thread: its address and its title.

The first post to an embed key names the thread's page (``thread_url``) and
title (``thread_title``); both come from the embedding page, through the
embed script, so both are a stranger's words until checked. The address is
kept only when its origin is one of ``GAZETTE_EMBED_ORIGINS`` (the sites the
newsroom lets frame its comments), and the title only with such an address.
A title is plain text of at most ``MAX_TITLE`` characters; control and
bidirectional-override characters are refused, never cleaned into something
else. Mail about an embed thread names the site it is on, not the title.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from gazette.discussion.errors import InvalidComment

MAX_TITLE = 200
MAX_URL = 2000


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def allowed_url(raw: str) -> str:
    """``raw`` if it is an http(s) address on an allowed embedding site, else ""."""
    if not raw or len(raw) > MAX_URL or not raw.isprintable() or " " in raw:
        return ""
    try:
        parts = urlsplit(raw)
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    allowed = {origin.rstrip("/").lower() for origin in settings.GAZETTE_EMBED_ORIGINS}
    return raw if _origin(raw) in allowed else ""


def check_title(raw: str) -> str:
    """The title as plain text, spaces collapsed; InvalidComment if it cannot be."""
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in raw):
        raise InvalidComment(
            _("The thread's title cannot hold control characters."),
            errors={"thread_title": _("Plain text only.")},
        )
    title = " ".join(raw.split())
    if len(title) > MAX_TITLE:
        raise InvalidComment(
            _("A thread's title is at most %(n)d characters.") % {"n": MAX_TITLE},
            errors={"thread_title": _("Too long.")},
        )
    return title


def thread_origin(url: str, title: str) -> tuple[str, str]:
    """(address, title) as a new embed thread keeps them: checked, or empty."""
    title = check_title(title)
    kept = allowed_url(url)
    return kept, title if kept else ""


def site_of(url: str) -> str:
    """The host an embed thread is on, for mail ("a discussion on news.example")."""
    return urlsplit(url).hostname or "" if url else ""
