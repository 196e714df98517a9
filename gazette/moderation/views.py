"""The reader's report form, which works without JavaScript."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gazette.core.ratelimit import RateLimited
from gazette.discussion import access
from gazette.discussion.errors import DiscussionError
from gazette.discussion.identity import reader_for, remember_reader
from gazette.discussion.views import thread_url
from gazette.moderation import services
from gazette.moderation.http import check_report_rate, report_weight
from gazette.moderation.models import Flag


@require_http_methods(["GET", "HEAD", "POST"])
def comment_report(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = access.published_comment(comment_id, request)
    if comment is None:
        raise Http404(_("There is no such comment."))
    context = {
        "comment": comment,
        "reasons": Flag.Reason.choices,
        "next": thread_url(comment.thread),
        "values": {"reason": "", "text": ""},
    }
    if request.method != "POST":
        return render(request, "moderation/report.html", context)
    values = {k: request.POST.get(k, "") for k in ("reason", "text")}
    reader = reader_for(request)
    try:
        services.flag_create(
            comment_id=comment.pk,
            reporter=reader.voter,
            reason=values["reason"],
            text=values["text"],
            ip_hash=check_report_rate(request),
            weight=report_weight(request),
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
