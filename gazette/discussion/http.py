"""Request helpers shared by the HTML views and the API: rate limits, ids."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from gazette.core import ratelimit
from gazette.core.privacy import ip_hash


def check_rate(request: HttpRequest, *, scope: str, rate: str) -> str:
    """Count one action of ``scope`` against the network's limit; return its IP hash."""
    hashed = ip_hash(request)
    ratelimit.hit(scope=scope, key=hashed, rate=ratelimit.Rate.parse(rate))
    return hashed


def check_post_rate(request: HttpRequest) -> str:
    return check_rate(
        request, scope="comment", rate=settings.GAZETTE_RATELIMIT_COMMENTS
    )


def check_vote_rate(request: HttpRequest) -> str:
    return check_rate(request, scope="vote", rate=settings.GAZETTE_RATELIMIT_VOTES)


def parse_id(raw: str | None) -> int | None:
    """A positive integer id from form data, or None."""
    if raw is None or not raw.strip().isdigit():
        return None
    value = int(raw)
    return value if 0 < value < 2**63 else None
