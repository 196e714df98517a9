"""Request helpers shared by the HTML views and the API: rate limits, ids."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from gazette.core import ratelimit
from gazette.core.privacy import ip_hash
from gazette.discussion.services import CommentRequest
from gazette.readers.identity import Reader, proven_emails


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


def comment_request(
    request: HttpRequest, reader: Reader, **fields: Any
) -> CommentRequest:
    """A comment posted through the API or the form, as the service takes it.

    What the request itself says (who is signed in, the network, the reader's
    browser, the addresses it proved, the idempotency key) is read here, once
    for both interfaces; ``fields`` are what the reader wrote. Counts the post
    against the network's rate limit.
    """
    return CommentRequest(
        user=request.user,
        ip_hash=check_post_rate(request),
        reader=reader.voter,
        proven_emails=proven_emails(request),
        from_form=True,
        idempotency_key=str(request.headers.get("Idempotency-Key", "")),
        **fields,
    )
