"""Readers' forms, which work without JavaScript: a report, an author's appeal."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gazette.core.ratelimit import RateLimited
from gazette.discussion import access
from gazette.discussion.errors import DiscussionError
from gazette.discussion.views import thread_url
from gazette.moderation import appeals, services
from gazette.moderation.http import check_report_rate, report_weight
from gazette.moderation.models import Flag
from gazette.readers.identity import reader_for, remember_reader


@require_http_methods(["GET", "HEAD", "POST"])
def comment_report(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = access.published_comment(comment_id, request)
    if comment is None:
        raise Http404(_("There is no such comment."))
    context = {
        "comment": comment,
        "reasons": Flag.Reason.choices,
        "next": thread_url(comment.thread),
        "values": {
            "reason": "",
            "text": "",
            "notify_email": getattr(request.user, "email", "") or "",
        },
    }
    if request.method != "POST":
        return render(request, "moderation/report.html", context)
    values = {k: request.POST.get(k, "") for k in ("reason", "text", "notify_email")}
    reader = reader_for(request)
    try:
        services.flag_create(
            comment_id=comment.pk,
            reporter=reader.voter,
            reason=values["reason"],
            text=values["text"],
            ip_hash=check_report_rate(request),
            weight=report_weight(request),
            notify_email=values["notify_email"][:254],
        )
    except RateLimited as error:
        context |= {"values": values, "message": str(error)}
        response = render(request, "moderation/report.html", context, status=429)
        response["Retry-After"] = str(error.retry_after)
        return response
    except DiscussionError as error:
        context |= {"values": values, "message": error.message, "errors": error.errors}
        return render(request, "moderation/report.html", context, status=error.status)
    response = HttpResponseRedirect(
        f"{context['next']}?reported={comment.pk}#comment-{comment.pk}"
    )
    remember_reader(response, reader)
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def appeal(request: HttpRequest, token: str) -> HttpResponse:
    """An author's appeal of a removal, from the statement's link or their data page."""
    try:
        decision = appeals.decision_from(token)
    except DiscussionError as error:
        refused = {"invalid": True, "message": error.message}
        return render(request, "moderation/appeal.html", refused, status=error.status)
    context: dict[str, Any] = {
        "statement": appeals.statement(decision),
        "appeal": appeals.appeal_of(decision),
    }
    if appeals.latest_decision(decision.comment_id or 0) != decision:
        context |= {"closed": True, "message": _("A newer decision replaced this one.")}
    if request.method != "POST" or context["appeal"] or context.get("closed"):
        return render(request, "moderation/appeal.html", context)
    text = request.POST.get("text", "")
    try:
        appeals.appeal_create(token=token, text=text)
    except DiscussionError as error:
        context |= {"text": text, "message": error.message, "errors": error.errors}
        return render(request, "moderation/appeal.html", context, status=error.status)
    return HttpResponseRedirect(request.path)
