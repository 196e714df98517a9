"""Publishing's pages in the nginx micro-cache: a publish shows at once."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from gazette.core import microcache


def purge_published(sender: Any, instance: Page, **kwargs: Any) -> None:
    """The page and the pages listing it (its section, the front page)."""
    if not microcache.purging():
        return  # no nginx to refresh: spare the URL lookups
    pages = [instance, *instance.get_ancestors().filter(depth__gt=1)]
    urls = (page.get_url() for page in pages)
    microcache.pages_purge(urlsplit(url).path for url in urls if url)


def connect() -> None:
    page_published.connect(purge_published, dispatch_uid="publishing-purge")
    page_unpublished.connect(purge_published, dispatch_uid="publishing-unpurge")
