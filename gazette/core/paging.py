"""Pagination that turns a bad page number into a 404, never a 500."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import Http404
from django.utils.translation import gettext as _

from gazette.core.numbers import parse_int


def page_or_404(paginator: Paginator[Any], number: str | None) -> Page[Any]:
    """Page ``number`` (default 1) of ``paginator``, or Http404 when there is none."""
    raw = number or "1"
    found = parse_int(raw, minimum=1, maximum=max(paginator.num_pages, 1))
    if found is None:
        raise Http404(_("There is no page %(number)s here.") % {"number": raw[:20]})
    return paginator.page(found)
