"""Reports for the newsroom in the Wagtail admin: per drive, and as CSV."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from gazette.funding import selectors
from gazette.funding.models import Donation, Drive

PERMISSION = "funding.view_donation"
CSV_COLUMNS = [
    "reference",
    "created",
    "paid",
    "status",
    "amount",
    "refunded",
    "currency",
    "frequency",
    "provider",
    "method",
    "donor_name",
    "donor_email",
    "anonymous",
    "donor_wall",
    "supporter_badge",
    "message",
    "article",
    "live",
    "recurring_ended",
]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def _row(donation: Donation) -> list[str]:
    return [
        _cell(value)
        for value in (
            f"G-{donation.pk}",
            donation.created_at.isoformat(),
            donation.paid_at.isoformat() if donation.paid_at else "",
            donation.status,
            donation.amount,
            donation.refunded_amount,
            donation.currency,
            donation.frequency,
            donation.provider,
            donation.method,
            donation.donor_name,
            donation.donor_email,
            "yes" if donation.anonymous else "no",
            "yes" if donation.on_wall else "no",
            "yes" if donation.supporter_badge else "no",
            donation.message,
            donation.article.title if donation.article else "",
            "yes" if donation.livemode else "no",
            donation.subscription_ended_at.isoformat()
            if donation.subscription_ended_at
            else "",
        )
    ]


class _Echo:
    def write(self, value: str) -> str:
        return value


@require_safe
@permission_required(PERMISSION, raise_exception=True)
def reports(request: HttpRequest) -> HttpResponse:
    drives = [(drive, selectors.goal_bar(drive)) for drive in Drive.objects.all()]
    return render(request, "funding/admin/reports.html", {"drives": drives})


@require_safe
@permission_required(PERMISSION, raise_exception=True)
def report(request: HttpRequest, drive_id: int) -> HttpResponse:
    drive = get_object_or_404(Drive, pk=drive_id)
    return render(
        request,
        "funding/admin/report.html",
        {"report": selectors.drive_report(drive), "bar": selectors.goal_bar(drive)},
    )


@require_safe
@permission_required(PERMISSION, raise_exception=True)
def export(request: HttpRequest, drive_id: int) -> StreamingHttpResponse:
    """Every donation of a drive, any status, streamed as CSV."""
    drive = get_object_or_404(Drive, pk=drive_id)
    writer = csv.writer(_Echo())
    rows = (
        writer.writerow(_row(d))
        for d in selectors.donations_for_export(drive).iterator()
    )
    header = writer.writerow(CSV_COLUMNS)
    response = StreamingHttpResponse(
        (line for part in ([header], rows) for line in part),
        content_type="text/csv; charset=utf-8",
    )
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = (
        f'attachment; filename="donations-{drive.slug}-{stamp}.csv"'
    )
    return response
