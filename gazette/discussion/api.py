"""The discussion JSON API (django-ninja), mounted under /api/v1/."""

from __future__ import annotations

import json
from typing import Annotated, Any

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from gazette.core.http import require_json
from gazette.discussion import access, selectors, services
from gazette.discussion.errors import InvalidComment
from gazette.discussion.fastpath import MAX_LIMIT, digest_key, thread_cache_key
from gazette.discussion.http import check_vote_rate, comment_request
from gazette.discussion.identity import (
    edit_tokens,
    mine_token,
    my_comments,
    remember_mine,
    stamped_at,
)
from gazette.discussion.keys import MAX_KEY_LENGTH
from gazette.discussion.schemas import (
    CommentIn,
    CommentOut,
    CountsOut,
    EditIn,
    ErrorOut,
    MineOut,
    PassagesOut,
    PostedOut,
    ThreadOut,
    VoteIn,
    VoteOut,
    comment_dict,
    passages_dict,
    thread_dict,
)
from gazette.discussion.selectors import CommentNode
from gazette.readers.identity import reader_for, remember_reader
from gazette.readers.names import display_name

router = Router(tags=["discussion"])
ERRORS: dict[int, Any] = {
    400: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
}
MAX_COUNT_KEYS = 100
# The thread key as the document states it; keys.check_thread_key says the rest
# (a page's key is page- and its number, written as Gazette writes it).
ThreadKey = Annotated[
    str,
    Path(
        description="The thread's key: page-<id> for an article, else the embed's.",
        min_length=1,
        max_length=MAX_KEY_LENGTH,
        pattern=r"^[^\x00-\x1f\x7f-\x9f]+$",
    ),
]
MAX_ANCHOR_BYTES = 4096


class CountsQuery(Schema):
    # "keys" would shadow dict.keys inside ninja; the public name stays "keys".
    thread_keys: str = Field(alias="keys", description="Comma-separated thread keys.")


class ThreadQuery(Schema):
    sort: str | None = None
    filter: str | None = Field(None, description="inline: comments on passages only.")
    cursor: str | None = None
    limit: int | None = None


def _json(data: Any, *, status: int = 200) -> HttpResponse:
    return HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False),
        status=status,
        content_type="application/json",
    )


def _limit(raw: int | None) -> int:
    limit = settings.GAZETTE_COMMENTS_PER_PAGE if raw is None else raw
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidComment(
            _("limit must be between 1 and %(n)d.") % {"n": MAX_LIMIT},
            errors={"limit": _("Out of range.")},
        )
    return limit


@router.get("/threads/{path:key}/comments", response={200: ThreadOut, **ERRORS})
def thread_comments(
    request: HttpRequest, key: ThreadKey, query: Query[ThreadQuery]
) -> Any:
    """The thread's visible comments, nested; newest first unless ``sort`` says.

    ``sort=featured``: the editors' picks alone, newest first, each without
    its replies (``reply_to`` names whom a reply answers). Pages of
    top-level comments follow ``next_cursor``. Responses are rendered once
    and served from the cache until the thread changes.
    """
    services.check_thread_key(key)
    sort = selectors.check_sort(query.sort)
    only = selectors.check_filter(query.filter)
    limit = _limit(query.limit)
    thread = selectors.thread_by_key(key)
    access.check_readable(key, request, thread)
    version = thread.version if thread else 0
    cursor = query.cursor or ""
    cache_key = thread_cache_key(key, version, sort, cursor, limit, only)
    body = cache.get(cache_key)
    if body is None:
        page = selectors.thread_page(
            key=key, sort=sort, cursor=query.cursor, limit=limit, inline=bool(only)
        )
        body = json.dumps(
            thread_dict(key, page), cls=DjangoJSONEncoder, ensure_ascii=False
        ).encode()
        cache.set(cache_key, body, timeout=3600)
    return HttpResponse(body, content_type="application/json")


@router.get("/threads/{path:key}/mine", response={200: MineOut, **ERRORS})
def thread_mine(request: HttpRequest, key: ThreadKey) -> Any:
    """What is the reader's own in a thread: their votes, their held comments,
    and who is signed in. The one small personal request beside the cached
    thread: a page or embed asks it only when it holds something of the
    reader's (a session, a guest id, its comments' ids)."""
    services.check_thread_key(key)
    access.check_key_readable(key, request)
    reader = reader_for(request)
    user = request.user
    votes = {} if reader.new_token else selectors.reader_votes(key, reader.voter)
    awaiting = selectors.awaiting_moderation(
        key=key, ids=my_comments(request) | set(edit_tokens(request)), user=user
    )
    response = _json(
        {
            "signed_in": user.is_authenticated,
            "name": display_name(user) if user.is_authenticated else None,
            "votes": {str(pk): value for pk, value in votes.items()},
            "awaiting": [comment_dict(node) for node in awaiting],
        }
    )
    response["Cache-Control"] = "private, no-store"
    return response


@router.get("/threads/{path:key}/passages", response={200: PassagesOut, **ERRORS})
def thread_passages(request: HttpRequest, key: ThreadKey) -> Any:
    """Inline feedback: the passages of the article that have comments or an
    editor's question, with where they are now; and feedback on earlier versions.
    """
    services.check_thread_key(key)
    thread = selectors.thread_by_key(key)
    access.check_readable(key, request, thread)
    cache_key = digest_key("thread-passages", key, thread.version if thread else 0)
    body = cache.get(cache_key)
    if body is None:
        data = passages_dict(*selectors.thread_passages(thread))
        body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).encode()
        cache.set(cache_key, body, timeout=3600)
    return HttpResponse(body, content_type="application/json")


@router.post("/threads/{path:key}/comments", response={201: PostedOut, **ERRORS})
def comment_post(request: HttpRequest, key: ThreadKey, payload: CommentIn) -> Any:
    """Post a comment or a reply. Keep the returned ``edit_token`` to edit it.

    A comment that may be uncivil gets 422 ``reconsider``: edit it, or send it
    again with ``confirmed`` to have a moderator review it. Send an
    ``Idempotency-Key`` header (a new UUID per comment) to make retries safe:
    a second post with the same key answers with the first one's comment and
    ``Idempotent-Replayed: true``, and the same key with other text gets 409.
    """
    require_json(request)
    services.check_thread_key(key)
    access.check_key_readable(key, request)
    reader = reader_for(request)
    if (
        payload.anchor is not None
        and len(json.dumps(payload.anchor)) > MAX_ANCHOR_BYTES
    ):
        raise InvalidComment(
            _("The anchor is too large."), errors={"anchor": _("At most 4 KB.")}
        )
    posted = services.comment_create(
        comment_request(
            request,
            reader,
            thread_key=key,
            text=payload.text,
            author_name=payload.author_name,
            author_email=payload.author_email,
            parent_id=payload.parent_id,
            honeypot=payload.website,
            rendered_at=stamped_at(payload.rendered),
            confirmed=payload.confirmed,
            thread_url=payload.thread_url,
            thread_title=payload.thread_title,
            anchor=payload.anchor,
            question_id=payload.question_id,
            notify=payload.notify or "",
        )
    )
    comment = posted.comment
    mine = mine_token(request, comment.pk)
    response = _json(
        {
            "comment": comment_dict(CommentNode(comment)),
            "edit_token": posted.edit_token,
            "pending": comment.status != comment.Status.PUBLISHED,
            "reader_token": reader.new_token,
            "mine_token": mine,
        },
        status=201,
    )
    if posted.replayed:
        response["Idempotent-Replayed"] = "true"
    remember_mine(response, mine)
    remember_reader(response, reader)
    return response


def _edit_token(request: HttpRequest, body_token: str = "") -> str:
    return body_token or str(request.headers.get("X-Edit-Token", ""))


@router.patch("/comments/{id:comment_id}", response={200: CommentOut, **ERRORS})
def comment_edit(request: HttpRequest, comment_id: int, payload: EditIn) -> Any:
    """Edit a comment's text with its edit token, within the edit window."""
    require_json(request)
    access.check_comment_readable(comment_id, request)
    comment = services.comment_edit(
        comment_id=comment_id,
        edit_token=_edit_token(request, payload.edit_token),
        text=payload.text,
        reader=reader_for(request).voter,
        confirmed=payload.confirmed,
    )
    return _json(comment_dict(CommentNode(comment)))


@router.delete("/comments/{id:comment_id}", response={204: None, **ERRORS})
def comment_delete(request: HttpRequest, comment_id: int) -> Any:
    """Delete a comment with its edit token (``X-Edit-Token``) within the window."""
    access.check_comment_readable(comment_id, request)
    services.comment_delete(comment_id=comment_id, edit_token=_edit_token(request))
    return Status(204, None)


@router.post("/comments/{id:comment_id}/votes", response={200: VoteOut, **ERRORS})
def comment_vote(request: HttpRequest, comment_id: int, payload: VoteIn) -> Any:
    """Vote up (1) or down (-1), or withdraw (0). One vote per reader per comment."""
    require_json(request)
    access.check_comment_readable(comment_id, request)
    reader = reader_for(request)
    comment = services.vote_cast(
        comment_id=comment_id,
        voter=reader.voter,
        value=payload.value,
        ip_hash=check_vote_rate(request),
    )
    response = _json(
        {
            "id": comment.pk,
            "upvotes": comment.upvotes,
            "downvotes": comment.downvotes,
            "score": comment.score,
            "my_vote": payload.value,
            "reader_token": reader.new_token,
        }
    )
    remember_reader(response, reader)
    return response


@router.get("/counts", response={200: CountsOut, **ERRORS})
def counts(request: HttpRequest, query: Query[CountsQuery]) -> Any:
    """Published-comment counts for up to 100 comma-separated thread keys."""
    wanted = [key for key in query.thread_keys.split(",") if key]
    if not wanted or len(wanted) > MAX_COUNT_KEYS:
        raise InvalidComment(
            _("Ask for 1 to %(n)d thread keys.") % {"n": MAX_COUNT_KEYS},
            errors={"keys": _("Give 1 to 100 comma-separated keys.")},
        )
    for key in wanted:
        services.check_thread_key(key)
    return {"counts": selectors.counts(wanted)}
