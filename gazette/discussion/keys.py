"""Thread keys: the one statement of what a key may be and which page it names.

A key is 1 to 255 printable characters. ``page-<id>`` names the thread of a
Gazette page, written exactly as Gazette writes it: ``page-10`` names page
10; ``page-0010``, ``Page-10``, ``page-10 `` or ``page-`` with the digits of
another script name no page and are refused, so one article never has two
threads. Every other key belongs to an
embedding site. The API, the HTML views, the feeds, the embed, the ASGI fast
path and the importer all use these functions.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from gazette.core.numbers import canonical_id
from gazette.discussion.errors import InvalidComment, ThreadNotFound

MAX_KEY_LENGTH = 255
PAGE_PREFIX = "page-"


def page_key(page_id: int) -> str:
    return f"{PAGE_PREFIX}{page_id}"


def is_valid(key: str) -> bool:
    """Whether ``key`` is a well-formed key (any page key must be canonical)."""
    if not 1 <= len(key) <= MAX_KEY_LENGTH:
        return False
    if any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in key):
        return False
    return not _looks_like_page(key) or page_id_of(key) is not None


def _looks_like_page(key: str) -> bool:
    return key[: len(PAGE_PREFIX)].casefold() == PAGE_PREFIX


def page_id_of(key: str) -> int | None:
    """The page id a canonical ``page-<id>`` key names; None for other keys."""
    if not key.startswith(PAGE_PREFIX):
        return None
    return canonical_id(key.removeprefix(PAGE_PREFIX))


def check_thread_key(key: str) -> str:
    """A valid thread key; InvalidComment (400) or ThreadNotFound (404) if not."""
    if _looks_like_page(key) and 1 <= len(key) <= MAX_KEY_LENGTH:
        if page_id_of(key) is None:
            raise ThreadNotFound(
                _("A page's thread key is page- and the page's number, as in page-10.")
            )
        return key
    if not is_valid(key):
        raise InvalidComment(
            _("A thread key is 1 to %(n)d printable characters.")
            % {"n": MAX_KEY_LENGTH},
            errors={"key": _("Invalid thread key.")},
        )
    return key
