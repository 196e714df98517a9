"""Moderation's part of the JSON API: reader reports."""

from __future__ import annotations

import json
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema

from gazette.core.http import require_json
from gazette.discussion import access
from gazette.discussion.api import ERRORS
from gazette.discussion.schemas import ErrorOut
from gazette.moderation import services
from gazette.moderation.http import check_report_rate, report_weight
from gazette.readers.identity import reader_for, remember_reader

router = Router(tags=["moderation"])


class FlagIn(Schema):
    reason: Literal["abusive", "spam", "off_topic", "personal", "other"]
    text: str = Field("", max_length=2000, description="Required for 'other'.")


class FlagOut(Schema):
    id: int
    reason: str


@router.post(
    "/comments/{id:comment_id}/flags",
    response={201: FlagOut, **ERRORS, 409: ErrorOut},
)
def comment_flag(request: HttpRequest, comment_id: int, payload: FlagIn) -> Any:
    """Report a comment. Enough readers' reports hold it for a moderator."""
    require_json(request)
    access.check_comment_readable(comment_id, request)
    reader = reader_for(request)
    flag = services.flag_create(
        comment_id=comment_id,
        reporter=reader.voter,
        reason=payload.reason,
        text=payload.text,
        ip_hash=check_report_rate(request),
        weight=report_weight(request),
    )
    response = HttpResponse(
        json.dumps({"id": flag.pk, "reason": flag.reason}),
        status=201,
        content_type="application/json",
    )
    remember_reader(response, reader)
    return response
