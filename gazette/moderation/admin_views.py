"""The moderation queue in the Wagtail admin. Thin: selectors read, services write."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from gazette.core.numbers import parse_id, parse_int
from gazette.discussion.errors import DiscussionError
from gazette.discussion.models import Comment
from gazette.moderation import appeals, selectors, services, transparency
from gazette.moderation.errors import ModerationError
from gazette.moderation.models import Ban

PERMISSION = "moderation.moderate_comments"
DURATIONS = [(1, _("1 day")), (7, _("7 days")), (30, _("30 days")), (0, _("For good"))]

View = Callable[..., HttpResponse]

MAX_BAN_DAYS = 3650  # ten years; longer is a ban for good (0)


def moderators_only(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("moderation_queue")


@require_safe
@moderators_only
def queue(request: HttpRequest) -> HttpResponse:
    tab = request.GET.get("tab", "pending")
    if tab not in selectors.TABS:
        tab = "pending"
    query = request.GET.get("q", "").strip()[:200]
    return render(
        request,
        "moderation/queue.html",
        {
            "tab": tab,
            "tabs": selectors.TABS,
            "counts": selectors.tab_counts(),
            "query": query,
            "items": selectors.queue(tab=tab, query=query),
            "next": request.get_full_path(),
        },
    )


@require_POST
@moderators_only
def act(request: HttpRequest) -> HttpResponse:
    ids = [i for i in map(parse_id, request.POST.getlist("ids")) if i]
    action = request.POST.get("action", "")
    try:
        if action in ("feature", "unfeature"):
            done = services.comments_feature(
                comment_ids=ids, featured=action == "feature", moderator=request.user
            )
        else:
            done = services.comments_moderate(
                comment_ids=ids,
                action=action,
                moderator=request.user,
                reason=request.POST.get("reason", "").strip()[:1000],
            )
    except DiscussionError as error:
        messages.error(request, error.message)
        return HttpResponseRedirect(_back(request))
    label = {
        "approve": _("Approved"),
        "reject": _("Rejected"),
        "spam": _("Marked as spam"),
        "feature": _("Featured"),
        "unfeature": _("No longer featured"),
    }
    messages.success(
        request,
        _("%(action)s: %(n)d comment(s).") % {"action": label[action], "n": len(done)},
    )
    return HttpResponseRedirect(_back(request))


def _ban_context(comment: Comment) -> dict[str, Any]:
    return {
        "comment": comment,
        "kinds": Ban.Kind.choices,
        "durations": DURATIONS,
    }


@moderators_only
def ban(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = (
        Comment.objects.select_related("moderation", "thread")
        .filter(pk=comment_id)
        .first()
    )
    if comment is None:
        raise PermissionDenied
    context = _ban_context(comment)
    if request.method != "POST":
        return render(request, "moderation/ban.html", context)
    days = parse_int(request.POST.get("days", "7"), minimum=0, maximum=MAX_BAN_DAYS)
    try:
        if days is None:
            raise ValueError(_("Choose how long the ban lasts."))
        services.ban_from_comment(
            comment_id=comment.pk,
            kinds=request.POST.getlist("kinds"),
            days=days or None,
            moderator=request.user,
            reason=request.POST.get("reason", "").strip()[:500],
        )
    except (DiscussionError, ValueError) as error:
        message = getattr(error, "message", _("Choose how long the ban lasts."))
        return render(
            request, "moderation/ban.html", {**context, "message": message}, status=400
        )
    if request.POST.get("spam"):
        services.comments_moderate(
            comment_ids=[comment.pk], action="spam", moderator=request.user
        )
    messages.success(request, _("Banned."))
    return HttpResponseRedirect(reverse("moderation_queue"))


@require_safe
@moderators_only
def audit_log(request: HttpRequest) -> HttpResponse:
    comment_id = parse_id(request.GET.get("comment"))
    return render(
        request,
        "moderation/audit_log.html",
        {
            "entries": selectors.audit_log(comment_id=comment_id),
            "comment_id": comment_id,
        },
    )


@require_safe
@moderators_only
def appeals_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "moderation/appeals.html",
        {"appeals": list(appeals.open_appeals()[:200])},
    )


@require_POST
@moderators_only
def appeal_decide(request: HttpRequest, appeal_id: int) -> HttpResponse:
    outcome = request.POST.get("outcome", "")
    try:
        if outcome not in ("reinstate", "uphold"):
            raise ModerationError(_("Choose to reinstate the comment or uphold."))
        appeals.appeal_decide(
            appeal_id=appeal_id,
            reinstate=outcome == "reinstate",
            moderator=request.user,
            reason=request.POST.get("reason", "").strip()[:1000],
        )
    except DiscussionError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Reinstated.") if outcome == "reinstate" else _("Decision upheld."),
        )
    return HttpResponseRedirect(reverse("moderation_appeals"))


@require_safe
@moderators_only
def transparency_report(request: HttpRequest) -> HttpResponse:
    months = transparency.report()
    if request.GET.get("format") == "csv":
        response = HttpResponse(
            transparency.as_csv(months), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="transparency.csv"'
        return response
    return render(request, "moderation/transparency.html", {"months": months})
