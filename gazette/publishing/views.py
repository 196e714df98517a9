"""HTML views that are not Wagtail pages: topics and search."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from taggit.models import Tag

from gazette.core.paging import page_or_404
from gazette.publishing import selectors

MAX_QUERY_LENGTH = 200


@require_safe
def topic(request: HttpRequest, slug: str) -> HttpResponse:
    topic = get_object_or_404(Tag, slug=slug)
    page = page_or_404(
        Paginator(
            selectors.topic_articles(topic=topic), settings.GAZETTE_SECTION_PAGE_SIZE
        ),
        request.GET.get("page"),
    )
    return render(
        request,
        "publishing/topic.html",
        {"topic": topic, "page_obj": page, "articles": selectors.cards(list(page))},
    )


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    if len(query) > MAX_QUERY_LENGTH:
        message = _("Search terms must be at most %(max)d characters long.") % {
            "max": MAX_QUERY_LENGTH
        }
        return HttpResponseBadRequest(
            render_to_string("400.html", {"message": message}, request=request)
        )
    page = None
    articles = []
    if query:
        page = page_or_404(
            Paginator(
                selectors.search_articles(query=query),
                settings.GAZETTE_SEARCH_PAGE_SIZE,
            ),
            request.GET.get("page"),
        )
        articles = selectors.cards(list(page))
    return render(
        request,
        "publishing/search.html",
        {"query": query, "page_obj": page, "articles": articles},
    )
