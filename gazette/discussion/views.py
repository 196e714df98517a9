"""Plain-HTML views: every comment action works as a form post without JavaScript."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from gazette.core.numbers import parse_id, parse_int
from gazette.core.ratelimit import RateLimited
from gazette.discussion import access, markdown, selectors, services
from gazette.discussion.errors import DiscussionError, Reconsider
from gazette.discussion.http import check_vote_rate, comment_request
from gazette.discussion.identity import (
    SORT_COOKIE,
    edit_tokens,
    form_stamp,
    mine_token,
    remember_edit_token,
    remember_mine,
    stamped_at,
)
from gazette.discussion.models import Comment, Thread
from gazette.readers.identity import reader_for, remember_reader


def _next_url(request: HttpRequest, fallback: str = "/") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


def thread_url(thread: Thread) -> str:
    """Where a thread is read: its article, or the embed's own page."""
    if thread.page_id and thread.page:
        return str(thread.page.url or "/")
    return thread.embed_path


def _notify_choice(raw: str) -> str:
    return raw if raw in ("thread", "replies", "none") else ""


def _comment_or_404(request: HttpRequest, comment_id: int) -> Comment:
    comment = access.published_comment(comment_id, request)
    if comment is None:
        raise Http404(_("There is no such comment."))
    return comment


def _not_yours() -> str:
    minutes = settings.GAZETTE_COMMENT_EDIT_WINDOW // 60
    return _(
        "Only the author can change this comment, from the same browser, "
        "within %(minutes)d minutes of posting."
    ) % {"minutes": minutes}


def _form_page(
    request: HttpRequest, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    context = {"form_stamp": form_stamp(), **context}
    return render(request, "discussion/form_page.html", context, status=status)


def _failed(
    request: HttpRequest, error: DiscussionError | RateLimited, context: dict[str, Any]
) -> HttpResponse:
    if isinstance(error, RateLimited):
        response = _form_page(request, {**context, "message": str(error)}, status=429)
        response["Retry-After"] = str(error.retry_after)
        return response
    return _form_page(
        request,
        {
            **context,
            "message": error.message,
            "errors": error.errors,
            "reconsider": isinstance(error, Reconsider),
        },
        status=error.status,
    )


@require_POST
def comment_post(request: HttpRequest) -> HttpResponse:
    key = request.POST.get("thread", "")
    values = {
        f: request.POST.get(f, "")
        for f in ("text", "author_name", "author_email", "notify")
    }
    parent_id = parse_id(request.POST.get("parent_id"))
    next_url = _next_url(request)
    context: dict[str, Any] = {
        "mode": "post",
        "thread_key": key,
        "next": next_url,
        "values": values,
        "parent_id": parent_id,
    }
    reader = reader_for(request)
    try:
        services.check_thread_key(key)
        access.check_key_readable(key, request)
        posted = services.comment_create(
            comment_request(
                request,
                reader,
                thread_key=key,
                text=values["text"],
                author_name=values["author_name"],
                author_email=values["author_email"],
                parent_id=parent_id,
                honeypot=request.POST.get("website", ""),
                rendered_at=stamped_at(request.POST.get("rendered")),
                confirmed=request.POST.get("confirmed") == "1",
                notify=_notify_choice(request.POST.get("notify", "")),
            )
        )
    except (DiscussionError, RateLimited) as error:
        return _failed(request, error, context)
    response = HttpResponseRedirect(f"{next_url}#comment-{posted.comment.pk}")
    remember_edit_token(request, response, posted.comment.pk, posted.edit_token)
    remember_mine(response, mine_token(request, posted.comment.pk))
    remember_reader(response, reader)
    return response


@require_safe
def comment_reply(request: HttpRequest, comment_id: int) -> HttpResponse:
    parent = _comment_or_404(request, comment_id)
    text = (
        markdown.quote(parent.text, parent.author_name)
        if "quote" in request.GET
        else ""
    )
    return _form_page(
        request,
        {
            "mode": "reply",
            "parent": parent,
            "parent_id": parent.pk,
            "thread_key": parent.thread.key,
            "next": thread_url(parent.thread),
            "values": {"text": text},
        },
    )


def _own_comment(
    request: HttpRequest, comment_id: int, mode: str
) -> tuple[Comment, str, dict[str, Any]]:
    """The comment, this browser's edit token for it, and the page context."""
    comment = _comment_or_404(request, comment_id)
    token = edit_tokens(request).get(comment.pk, "")
    return (
        comment,
        token,
        {"mode": mode, "comment": comment, "next": thread_url(comment.thread)},
    )


def _form_if_owner(
    request: HttpRequest, comment: Comment, token: str, context: dict[str, Any]
) -> HttpResponse:
    if not services.can_edit(comment, token):
        return _form_page(request, {**context, "message": _not_yours()}, status=403)
    return _form_page(request, context)


@require_http_methods(["GET", "HEAD", "POST"])
def comment_edit(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment, token, context = _own_comment(request, comment_id, "edit")
    if request.method == "POST":
        text = request.POST.get("text", "")
        try:
            services.comment_edit(
                comment_id=comment.pk,
                edit_token=token,
                text=text,
                reader=reader_for(request).voter,
                confirmed=request.POST.get("confirmed") == "1",
            )
        except DiscussionError as error:
            return _failed(request, error, {**context, "values": {"text": text}})
        return HttpResponseRedirect(f"{context['next']}#comment-{comment.pk}")
    return _form_if_owner(
        request, comment, token, {**context, "values": {"text": comment.text}}
    )


@require_http_methods(["GET", "HEAD", "POST"])
def comment_delete(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment, token, context = _own_comment(request, comment_id, "delete")
    if request.method == "POST":
        try:
            services.comment_delete(comment_id=comment.pk, edit_token=token)
        except DiscussionError as error:
            return _failed(request, error, context)
        return HttpResponseRedirect(f"{context['next']}#comments")
    return _form_if_owner(request, comment, token, context)


@require_POST
def comment_vote(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _comment_or_404(request, comment_id)
    next_url = _next_url(request, thread_url(comment.thread))
    reader = reader_for(request)
    value = parse_int(request.POST.get("value", ""), minimum=-1, maximum=1)
    if value is None:
        return _form_page(
            request, {"mode": "vote", "message": _("A vote is 1, -1 or 0.")}, status=400
        )
    try:
        ip = check_vote_rate(request)
        services.vote_cast(
            comment_id=comment.pk, voter=reader.voter, value=value, ip_hash=ip
        )
    except (DiscussionError, RateLimited) as error:
        return _failed(request, error, {"mode": "vote", "next": next_url})
    response = HttpResponseRedirect(f"{next_url}#comment-{comment.pk}")
    remember_reader(response, reader)
    return response


@require_safe
def comments_sort(request: HttpRequest) -> HttpResponse:
    try:
        sort = selectors.check_sort(request.GET.get("sort"))
    except DiscussionError as error:
        return _failed(request, error, {"mode": "sort"})
    response = HttpResponseRedirect(f"{_next_url(request)}#comments")
    response.set_cookie(SORT_COOKIE, sort, max_age=365 * 24 * 3600, samesite="Lax")
    return response


@require_safe
def comment_permalink(request: HttpRequest, comment_id: int) -> HttpResponse:
    """``/comments/<id>/``: the comment in its thread, even past the first page."""
    comment = _comment_or_404(request, comment_id)
    return HttpResponseRedirect(
        f"{thread_url(comment.thread)}?c={comment.pk}#comment-{comment.pk}"
    )
