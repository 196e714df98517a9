"""The comment section inside other sites: ``/embed/threads/<key>`` and embed.js."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from gazette.core.embedding import allow_framing
from gazette.discussion import access, services
from gazette.discussion.errors import DiscussionError
from gazette.discussion.section import comment_section


def _page_url(raw: str) -> str:
    """The embedding page's address, if it is a plain http(s) URL."""
    parts = urlsplit(raw)
    if parts.scheme in ("http", "https") and parts.netloc and len(raw) <= 2000:
        return raw
    return ""


@require_safe
@xframe_options_exempt
def thread(request: HttpRequest, key: str) -> HttpResponse:
    try:
        services.check_thread_key(key)
        access.check_key_readable(key, request)
    except DiscussionError as error:
        return HttpResponse(
            error.message, status=error.status, content_type="text/plain"
        )
    page_url = _page_url(request.GET.get("url", ""))
    context = {
        "discussion": comment_section(request, key=key, url=request.get_full_path()),
        "page_url": page_url,
        "page_title": request.GET.get("title", "")[:255],
    }
    response = render(request, "discussion/embed.html", context)
    return allow_framing(response)
