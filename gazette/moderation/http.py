"""Request helpers for moderation's public endpoints."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from gazette.discussion.http import check_rate


def check_report_rate(request: HttpRequest) -> str:
    """Count a report against the network's limit; return its IP hash."""
    return check_rate(request, scope="report", rate=settings.GAZETTE_RATELIMIT_REPORTS)
