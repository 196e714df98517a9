"""Template context every page shares: the newsroom's name and sections."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from gazette.publishing import selectors
from gazette.publishing.models import SectionPage


def _nav_sections(request: HttpRequest) -> list[SectionPage]:
    site = Site.find_for_request(request)
    if site is None:
        return []
    return list(selectors.sections(home=site.root_page))


def newsroom(request: HttpRequest) -> dict[str, Any]:
    site = Site.find_for_request(request)
    return {
        "newsroom_name": site.site_name
        if site and site.site_name
        else settings.WAGTAIL_SITE_NAME,
        "nav_sections": SimpleLazyObject(lambda: _nav_sections(request)),
    }
