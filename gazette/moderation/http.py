"""Request helpers for moderation's public endpoints."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from gazette.core import ratelimit
from gazette.core.privacy import ip_hash


def check_report_rate(request: HttpRequest) -> str:
    """Count a report against the network's limit; return its IP hash."""
    hashed = ip_hash(request)
    rate = ratelimit.Rate.parse(settings.GAZETTE_RATELIMIT_REPORTS)
    ratelimit.hit(scope="report", key=hashed, rate=rate)
    return hashed
