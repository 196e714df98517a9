"""API shapes for discussion. Nothing here carries an e-mail or IP address."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.urls import reverse
from ninja import Field, Schema

from gazette.core.numbers import MAX_ID
from gazette.discussion.selectors import (
    CommentNode,
    PassageGroup,
    PassageRef,
    ThreadPage,
)


class AvatarOut(Schema):
    initials: str
    hue: int


class AuthorOut(Schema):
    name: str
    avatar: AvatarOut
    badge: str | None = Field(None, description='"supporter" for donors who opted in.')


class PassageRefOut(Schema):
    quote: str = Field(description="The words of the article the comment is about.")
    block: str | None = Field(
        description="The paragraph's block id; None when the passage is no longer "
        "in the article (the comment is on an earlier version)."
    )
    start: int | None
    end: int | None
    question: str | None = Field(description="The editor's question it answers.")


class CommentOut(Schema):
    id: int
    parent_id: int | None
    depth: int
    author: AuthorOut | None = Field(description="None for a deleted comment.")
    html: str = Field(description="Sanitized HTML rendered from the Markdown text.")
    deleted: bool
    created_at: datetime
    edited_at: datetime | None
    upvotes: int
    downvotes: int
    score: int
    reply_to: str | None = Field(
        description="The parent's name, for replies deeper than the page indents."
    )
    permalink: str
    featured: bool = Field(
        False, description="An editors' pick: a moderator featured it."
    )
    passage: PassageRefOut | None = Field(
        None, description="For inline feedback: the passage it is about."
    )
    replies: list[CommentOut]


class ThreadOut(Schema):
    key: str
    count: int = Field(description="Published comments in the whole thread.")
    sort: Literal["newest", "oldest", "votes", "featured"]
    next_cursor: str | None
    comments: list[CommentOut]


class CommentIn(Schema):
    text: str = Field(min_length=1, max_length=50_000, pattern=r"\S")
    author_name: str = Field("", max_length=1000)
    author_email: str = Field("", max_length=254)
    parent_id: int | None = Field(None, ge=1, le=MAX_ID)
    anchor: dict[str, Any] | None = Field(
        None,
        description="Inline feedback: the passage, as W3C Web Annotation selectors "
        '{"block": <block id>, "selector": [TextQuoteSelector, '
        "TextPositionSelector?]}. On an article it must match the text as it is.",
    )
    question_id: int | None = Field(
        None,
        ge=1,
        le=MAX_ID,
        description="Inline feedback: the editor's question it answers.",
    )
    notify: Literal["replies", "thread", "none"] | None = Field(
        None,
        description="Mail me new replies to my comment, or every new comment in "
        "the thread; none opts out. Signed-in readers get replies by default.",
    )
    website: str = Field("", description="Leave empty (a trap for spam robots).")
    confirmed: bool = Field(
        False,
        description="Post even though the server warned the comment may be uncivil "
        "(it then waits for a moderator).",
    )
    rendered: str = Field(
        "", max_length=200, description="The form's signed time stamp, if any."
    )
    thread_url: str = Field("", max_length=2000)
    thread_title: str = Field("", max_length=255)


class PostedOut(Schema):
    comment: CommentOut
    edit_token: str = Field(description="Keep it to edit or delete the comment.")
    pending: bool = Field(
        description="True when the comment waits for a moderator before it is shown."
    )
    reader_token: str | None = Field(
        None, description="Send back in X-Gazette-Reader where cookies are blocked."
    )
    mine_token: str = Field(
        description="Send back in X-Gazette-Mine where cookies are blocked: the"
        " reader's own held comments come back with GET …/mine."
    )


class MineOut(Schema):
    signed_in: bool
    name: str | None = Field(description="The signed-in reader's name, if chosen.")
    votes: dict[str, int] = Field(description="Comment id → the reader's vote.")
    awaiting: list[CommentOut] = Field(
        description="The reader's own comments that wait for a moderator."
    )


class EditIn(Schema):
    text: str = Field(max_length=50_000)
    edit_token: str = Field("", description="Or send it in the X-Edit-Token header.")
    confirmed: bool = False


class VoteIn(Schema):
    value: Literal[1, -1, 0]


class VoteOut(Schema):
    id: int
    upvotes: int
    downvotes: int
    score: int
    my_vote: int
    reader_token: str | None = Field(
        None, description="Send back in X-Gazette-Reader where cookies are blocked."
    )


class QuestionOut(Schema):
    id: int
    text: str
    open: bool


class PassageOut(Schema):
    id: str = Field(description="block:start:end, or empty for an earlier version.")
    quote: str
    block: str | None
    start: int | None
    end: int | None
    question: QuestionOut | None
    count: int = Field(description="Published comments on the passage.")
    comments: list[CommentOut] = Field(description="The first 50, oldest first.")


class PassagesOut(Schema):
    passages: list[PassageOut] = Field(description="Passages of the article as it is.")
    earlier: list[PassageOut] = Field(
        description="Feedback on passages an editor has since changed or removed."
    )


class CountsOut(Schema):
    counts: dict[str, int]


class ErrorOut(Schema):
    detail: str
    code: str
    errors: dict[str, str] = {}
    flagged: list[str] = Field(
        [], description="With code 'reconsider': the words that may offend."
    )
    kind: str = Field(
        "",
        description=(
            "With code 'reconsider': the kind of harm the comment reads as "
            "(attack, identity, threat, sexual, profanity, personal_info)."
        ),
    )


def _permalink_format() -> str:
    # One reverse() per thread, not per comment: it dominates big threads.
    return reverse("discussion:permalink", args=[0]).replace("/0/", "/{}/")


def comment_dict(node: CommentNode, permalink: str | None = None) -> dict[str, Any]:
    """A comment and its replies as plain data (fast to serialize and cache)."""
    permalink = permalink or _permalink_format()
    c = node.comment
    deleted = c.is_deleted
    avatar = node.avatar
    return {
        "id": c.pk,
        "parent_id": c.parent_id,
        "depth": c.depth,
        "author": None
        if deleted
        else {
            "name": c.author_name,
            "avatar": {"initials": avatar.initials, "hue": avatar.hue},
            "badge": c.author_badge or None,
        },
        "html": "" if deleted else c.html,
        "deleted": deleted,
        "created_at": c.created_at,
        "edited_at": c.edited_at,
        "upvotes": c.upvotes,
        "downvotes": c.downvotes,
        "score": c.score,
        "reply_to": node.reply_to or None,
        "permalink": permalink.format(c.pk),
        "featured": c.featured_at is not None,
        "passage": _passage_dict(node.passage),
        "replies": [comment_dict(reply, permalink) for reply in node.replies],
    }


def _passage_dict(ref: PassageRef | None) -> dict[str, Any] | None:
    if ref is None:
        return None
    return {
        "quote": ref.quote,
        "block": ref.block or None,
        "start": None if ref.earlier else ref.start,
        "end": None if ref.earlier else ref.end,
        "question": ref.question or None,
    }


def passages_dict(current: list[PassageGroup], earlier: list[PassageGroup]) -> Any:
    permalink = _permalink_format()

    def group(g: PassageGroup) -> dict[str, Any]:
        q = g.question
        return {
            "id": g.ref.key,
            **{
                k: v for k, v in (_passage_dict(g.ref) or {}).items() if k != "question"
            },
            "question": {"id": q.pk, "text": q.text, "open": q.is_open} if q else None,
            "count": g.count,
            "comments": [comment_dict(CommentNode(c), permalink) for c in g.comments],
        }

    return {
        "passages": [group(g) for g in current],
        "earlier": [group(g) for g in earlier],
    }


def thread_dict(key: str, page: ThreadPage) -> dict[str, Any]:
    permalink = _permalink_format()
    return {
        "key": key,
        "count": page.count,
        "sort": page.sort,
        "next_cursor": page.next_cursor,
        "comments": [comment_dict(node, permalink) for node in page.comments],
    }
