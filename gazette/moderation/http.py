"""Request helpers for moderation's public endpoints."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from gazette.discussion.http import check_rate
from gazette.moderation import reports
from gazette.readers.identity import proven_emails


def check_report_rate(request: HttpRequest) -> str:
    """Count a report against the network's limit; return its IP hash."""
    return check_rate(request, scope="report", rate=settings.GAZETTE_RATELIMIT_REPORTS)


def report_weight(request: HttpRequest) -> int:
    """What this reader's report counts for (an account, a proven address, a guest)."""
    return reports.reporter_weight(
        signed_in=request.user.is_authenticated,
        proven=bool(proven_emails(request)),
    )
