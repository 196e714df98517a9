"""The comment section inside other sites: ``/embed/threads/<key>`` and embed.js."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from gazette.discussion import services
from gazette.discussion.errors import DiscussionError
from gazette.discussion.section import comment_section


def frame_ancestors() -> str:
    """The CSP that lets only Gazette itself and the allowed origins frame us."""
    return " ".join(["frame-ancestors", "'self'", *settings.GAZETTE_EMBED_ORIGINS])


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
    except DiscussionError as error:
        return HttpResponse(error.message, status=400, content_type="text/plain")
    page_url = _page_url(request.GET.get("url", ""))
    context = {
        "discussion": comment_section(request, key=key, url=request.get_full_path()),
        "page_url": page_url,
        "page_title": request.GET.get("title", "")[:255],
    }
    response = render(request, "discussion/embed.html", context)
    response["Content-Security-Policy"] = frame_ancestors()
    return response
