"""What a browser keeps about its own comments, in signed cookies.

Edit tokens for the comments a browser posted are kept in a signed cookie so
the plain-HTML page can offer "Edit" without JavaScript; the ids of its
comments let their author see what is held; the form's stamp times a post.
Who the reader is belongs to ``gazette.readers.identity``.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from gazette.core.tokens import DAY, Purpose
from gazette.readers.identity import secure_cookies

EDIT_COOKIE = "gazette_edit"
SORT_COOKIE = "gazette_sort"
MINE_COOKIE = "gazette_mine"
_MONTH = 30 * DAY
_MAX_EDIT_TOKENS = 20
EDIT = Purpose(
    "gazette.discussion.edit",
    max_age=lambda: int(settings.GAZETTE_COMMENT_EDIT_WINDOW),
    grants="edit tokens of the comments this browser posted (the HTML page)",
)
MINE = Purpose(
    "gazette.discussion.mine",
    max_age=_MONTH,
    grants="ids of this browser's comments: shows their authors what is held",
)
STAMP = Purpose(
    "gazette.discussion.form-stamp",
    max_age=DAY,
    grants="when the comment form was shown (the too-fast spam signal)",
)


def edit_tokens(request: HttpRequest) -> dict[int, str]:
    """Comment id → edit token, for the comments this browser posted."""
    data = EDIT.read(request.COOKIES.get(EDIT_COOKIE))
    if not isinstance(data, dict):
        return {}
    return {
        int(k): v
        for k, v in data.items()
        if isinstance(k, str) and k.isascii() and k.isdigit() and isinstance(v, str)
    }


def remember_edit_token(
    request: HttpRequest, response: HttpResponse, comment_id: int, token: str
) -> None:
    tokens = edit_tokens(request)
    tokens[comment_id] = token
    newest = dict(sorted(tokens.items())[-_MAX_EDIT_TOKENS:])
    response.set_cookie(
        EDIT_COOKIE,
        EDIT.sign({str(k): v for k, v in newest.items()}),
        max_age=EDIT.max_age,
        httponly=True,
        samesite="Lax",
        secure=secure_cookies(),
    )


MINE_HEADER = "HTTP_X_GAZETTE_MINE"  # the same token, kept by a frame's script


def _ids(token: str | None) -> set[int]:
    ids = MINE.read(token)
    if not isinstance(ids, list):
        return set()
    return {i for i in ids if type(i) is int}


def my_comments(request: HttpRequest) -> set[int]:
    """Ids of the comments this browser posted in the last month.

    Lets a held comment be shown to its author as "awaiting moderation"
    after the edit window has closed. The ids come in a signed cookie, or in
    the ``X-Gazette-Mine`` header from an embed where cookies are blocked.
    """
    return _ids(request.COOKIES.get(MINE_COOKIE)) | _ids(request.META.get(MINE_HEADER))


def mine_token(request: HttpRequest, comment_id: int) -> str:
    """The signed ids of this browser's comments, ``comment_id`` among them."""
    return MINE.sign(sorted(my_comments(request) | {comment_id})[-_MAX_EDIT_TOKENS:])


def remember_mine(response: HttpResponse, token: str) -> None:
    response.set_cookie(
        MINE_COOKIE,
        token,
        max_age=_MONTH,
        httponly=True,
        samesite="Lax",
        secure=secure_cookies(),
    )


def form_stamp() -> str:
    """A signed "the form was shown now", for the time-to-submit spam signal."""
    return STAMP.sign(round(time.time(), 1))


def stamped_at(value: str | None) -> float | None:
    """When a form carrying ``value`` was shown; None if unknown or forged."""
    stamp = STAMP.read(value)
    return float(stamp) if type(stamp) in (int, float) else None
