"""Reads for discussion: a thread's comments as a tree, counts for many threads.

Reading a page of a thread costs the same queries for 10 or 1,000 comments:
the thread, one page of top-level comments, and all their replies (found
through ``root``), assembled into a tree in Python.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from gazette.core.numbers import parse_id
from gazette.discussion.errors import InvalidComment
from gazette.discussion.models import Comment, InlineQuestion, Thread, Vote

SORTS = ("newest", "oldest", "votes", "featured")
DEFAULT_SORT = "newest"
_ORDER = {
    "newest": ("-created_at", "-pk"),
    "oldest": ("created_at", "pk"),
    "votes": ("-score", "-created_at", "-pk"),
    # Editors' picks, newest first: the cursor is the newest order's.
    "featured": ("-created_at", "-pk"),
}


@dataclass(frozen=True)
class Avatar:
    """A locally drawn avatar: initials on a colour picked from the name."""

    initials: str
    hue: int

    @classmethod
    def for_name(cls, name: str) -> Avatar:
        words = [w for w in name.split() if w[:1].isalnum()]
        initials = "".join(w[0] for w in words[:2]).upper() or "?"
        digest = hashlib.sha256(name.strip().lower().encode()).digest()
        return cls(initials=initials, hue=int.from_bytes(digest[:2], "big") % 360)


@dataclass(frozen=True)
class PassageRef:
    """The passage an inline comment is about, as the thread shows it."""

    quote: str
    block: str = ""  # empty: the passage is gone ("on an earlier version")
    start: int = 0
    end: int = 0
    question: str = ""  # the editor's question it answers, if any

    @property
    def earlier(self) -> bool:
        return not self.block

    @property
    def key(self) -> str:
        return f"{self.block}:{self.start}:{self.end}" if self.block else ""

    @classmethod
    def of(cls, comment: Comment) -> PassageRef | None:
        question = comment.question if comment.question_id else None
        if question is not None:
            return cls.at(question.anchor, question.passage, question.text)
        return cls.at(comment.anchor, comment.passage)

    @classmethod
    def at(
        cls,
        anchor: dict[str, Any] | None,
        now: dict[str, Any] | None,
        question: str = "",
    ) -> PassageRef | None:
        if anchor is None:
            return None
        try:
            quote = _quote(now or anchor)
            where = _position(now) if now else ("", 0, 0)
        except (KeyError, IndexError, TypeError, ValueError, AttributeError):
            # A row that should never have got in reads as a placeholder,
            # never as an error for the whole thread.
            return cls("", question=question)
        return cls(quote, *where, question=question)


def _selector(passage: dict[str, Any], kind: str) -> dict[str, Any] | None:
    return next(
        (
            s
            for s in passage["selector"]
            if isinstance(s, dict) and s.get("type") == kind
        ),
        None,
    )


def _quote(passage: dict[str, Any]) -> str:
    quote = _selector(passage, "TextQuoteSelector")
    return str(quote["exact"]) if quote else ""


def _position(passage: dict[str, Any]) -> tuple[str, int, int]:
    position = _selector(passage, "TextPositionSelector")
    if position is None:
        return "", 0, 0  # nowhere to point: shown as "on an earlier version"
    return str(passage["block"]), int(position["start"]), int(position["end"])


@dataclass
class CommentNode:
    """A comment as readers see it, with its replies."""

    comment: Comment
    replies: list[CommentNode] = field(default_factory=list)
    reply_to: str = ""  # the parent's name, shown when indentation stops
    alone: bool = False  # shown by itself (an editors' pick), not in its place
    my_vote: int = 0  # the current reader's vote, filled in for the page
    editable: bool = False  # whether this browser holds a valid edit token

    @property
    def indent(self) -> int:
        if self.alone:
            return 0
        return min(self.comment.depth, settings.GAZETTE_COMMENT_INDENT_DEPTH)

    @cached_property
    def avatar(self) -> Avatar:
        return Avatar.for_name(self.comment.author_name or "?")

    @cached_property
    def passage(self) -> PassageRef | None:
        return PassageRef.of(self.comment)


@dataclass
class ThreadPage:
    """One page of a thread: top-level comments with all their replies."""

    thread: Thread | None
    sort: str
    comments: list[CommentNode]
    next_cursor: str | None
    count: int
    has_featured: bool = False  # the thread has editors' picks (their tab shows)

    def flat(self) -> Iterator[CommentNode]:
        """Every comment in reading order (for the server-rendered page)."""
        stack = list(reversed(self.comments))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.replies))


def check_filter(name: str | None) -> str:
    if name in (None, "", "inline"):
        return name or ""
    raise InvalidComment(
        _("The only filter is inline (comments on passages)."),
        errors={"filter": _("Unknown filter.")},
    )


def check_sort(sort: str | None) -> str:
    if sort in (None, ""):
        return DEFAULT_SORT
    if sort not in SORTS:
        raise InvalidComment(
            _("Sort by newest, oldest, votes or featured."),
            errors={"sort": _("Unknown sort.")},
        )
    return str(sort)


def _visible(queryset: QuerySet[Comment]) -> QuerySet[Comment]:
    """Published comments, and deleted ones that still have replies."""
    has_replies = Exists(
        Comment.objects.filter(
            parent=OuterRef("pk"),
            status__in=[Comment.Status.PUBLISHED, Comment.Status.DELETED],
        )
    )
    return queryset.filter(
        Q(status=Comment.Status.PUBLISHED)
        | (Q(status=Comment.Status.DELETED) & has_replies)
    )


def _encode_cursor(comment: Comment, sort: str) -> str:
    values: list[Any] = [comment.created_at.isoformat(), comment.pk]
    if sort == "votes":
        values.insert(0, comment.score)
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


_BAD_CURSOR = "bad cursor"
MAX_SCORE = 2**62  # far past any comment's votes; a bound the databases hold


def _cursor_values(cursor: str, sort: str) -> tuple[int, datetime, int]:
    """(score, created_at, pk) from a cursor, each of exactly its type and range.

    A cursor is base64 JSON this server wrote: ``[created, pk]``, or
    ``[score, created, pk]`` for the votes order. Anything else, however
    close, is refused (floats, booleans, nesting, huge numbers, naive times).
    """
    if len(cursor) > 200:
        raise ValueError(_BAD_CURSOR)
    values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    if not isinstance(values, list) or len(values) != (3 if sort == "votes" else 2):
        raise ValueError(_BAD_CURSOR)
    score = values.pop(0) if sort == "votes" else 0
    created, pk = values
    if type(score) is not int or not -MAX_SCORE <= score <= MAX_SCORE:
        raise ValueError(_BAD_CURSOR)
    if type(pk) is not int or parse_id(pk) is None:
        raise ValueError(_BAD_CURSOR)
    if not isinstance(created, str) or len(created) > 40:
        raise ValueError(_BAD_CURSOR)
    created_at = datetime.fromisoformat(created)
    if created_at.tzinfo is None:
        raise ValueError(_BAD_CURSOR)
    return score, created_at, pk


def _after_cursor(cursor: str, sort: str) -> Q:
    """The filter for comments after ``cursor`` in ``sort`` order."""
    try:
        score, created_at, pk = _cursor_values(cursor, sort)
    except (ValueError, TypeError, binascii.Error, RecursionError):
        raise InvalidComment(
            _("The cursor is not one this server gave out."),
            errors={"cursor": _("Invalid cursor.")},
        ) from None
    if sort == "oldest":
        return Q(created_at__gt=created_at) | Q(created_at=created_at, pk__gt=pk)
    same_time = Q(created_at__lt=created_at) | Q(created_at=created_at, pk__lt=pk)
    if sort == "votes":
        return Q(score__lt=score) | (Q(score=score) & same_time)
    return same_time


def _chronological(node: CommentNode) -> tuple[datetime, int]:
    return node.comment.created_at, node.comment.pk


def _tree(top: list[Comment], replies: Iterable[Comment]) -> list[CommentNode]:
    """Top-level comments with their replies, nested at most the indent depth.

    Built without recursion: ``replies`` come parents first (by depth), and
    each comment's replies go into its holder, the node itself above the
    cap, else its parent's holder. A reply past the cap sits beside its
    parent, "in reply to <name>", so a chain of a thousand replies nests six
    deep and costs what a flat thread of the same size costs.
    """
    cap = settings.GAZETTE_COMMENT_INDENT_DEPTH
    nodes = {c.pk: CommentNode(c) for c in top}
    roots = list(nodes.values())
    holders = dict(nodes)
    order: list[CommentNode] = []
    for reply in replies:
        parent = nodes.get(reply.parent_id or 0)
        if parent is None:
            continue
        node = CommentNode(reply)
        if reply.depth > cap:
            node.reply_to = parent.comment.author_name or _("[deleted]")
        holders[parent.comment.pk].replies.append(node)
        nodes[reply.pk] = node
        holders[reply.pk] = node if reply.depth < cap else holders[parent.comment.pk]
        order.append(node)
    # Deepest first, so a deleted comment whose replies are all gone goes too.
    for node in [*reversed(order), *roots]:
        node.replies = [
            r for r in node.replies if not r.comment.is_deleted or r.replies
        ]
        node.replies.sort(key=_chronological)
    return [n for n in roots if not n.comment.is_deleted or n.replies]


def thread_by_key(key: str) -> Thread | None:
    return Thread.objects.filter(key=key).first()


def thread_page(
    *,
    key: str,
    sort: str | None = None,
    cursor: str | None = None,
    limit: int | None = None,
    inline: bool = False,
) -> ThreadPage:
    """A page of ``key``'s thread; ``limit=None`` means every top-level comment.

    ``inline``: only comments on passages of the article (and their replies).
    ``sort="featured"``: the editors' picks alone, replies among them, each
    without its own replies (the thread shows those in their place).
    """
    sort = check_sort(sort)
    thread = (
        Thread.objects.filter(key=key)
        .annotate(
            has_featured=Exists(_picked(Comment.objects.filter(thread=OuterRef("pk"))))
        )
        .first()
    )
    if thread is None:
        return ThreadPage(None, sort, [], None, 0)
    featured = sort == "featured"
    chosen = (
        _picked(thread.comments.all()).select_related("parent")
        if featured
        else _visible(thread.comments.filter(parent=None))
    )
    top_level = chosen.select_related("question").order_by(*_ORDER[sort])
    if inline:
        top_level = top_level.filter(INLINE)
    if cursor:
        top_level = top_level.filter(_after_cursor(cursor, sort))
    top = list(top_level[: limit + 1] if limit else top_level)
    next_cursor = None
    if limit and len(top) > limit:
        top = top[:limit]
        next_cursor = _encode_cursor(top[-1], sort)
    picks = bool(getattr(thread, "has_featured", False))
    if featured:
        return ThreadPage(
            thread, sort, _picks(top), next_cursor, thread.comment_count, picks
        )
    replies = (
        _visible(Comment.objects.filter(root__in=[c.pk for c in top])).order_by(
            "depth", "created_at", "pk"
        )
        if top
        else []
    )
    return ThreadPage(
        thread, sort, _tree(top, replies), next_cursor, thread.comment_count, picks
    )


def _picked(comments: QuerySet[Comment]) -> QuerySet[Comment]:
    return comments.filter(featured_at__isnull=False, status=Comment.Status.PUBLISHED)


def _picks(comments: list[Comment]) -> list[CommentNode]:
    """Editors' picks, each by itself; a reply says whom it answers."""
    return [
        CommentNode(
            c,
            alone=True,
            reply_to=(c.parent.author_name or _("[deleted]")) if c.parent else "",
        )
        for c in comments
    ]


INLINE = Q(anchor__isnull=False) | Q(question__isnull=False)
MAX_PASSAGE_COMMENTS = 50
MAX_OWN_VOTES = 1000  # a reader's votes in one thread, as GET …/mine says them


@dataclass
class PassageGroup:
    """Comments on one passage (and the editor's question on it, if any)."""

    ref: PassageRef
    question: InlineQuestion | None = None
    comments: list[Comment] = field(default_factory=list)
    count: int = 0


def thread_passages(
    thread: Thread | None,
) -> tuple[list[PassageGroup], list[PassageGroup]]:
    """The thread's passages with feedback now, and those on earlier versions.

    Two queries: its questions, its published inline comments. Each group
    lists up to ``MAX_PASSAGE_COMMENTS`` comments, oldest first.
    """
    if thread is None:
        return [], []
    groups: dict[tuple[str, int], PassageGroup] = {}
    for question in thread.questions.order_by("created_at", "pk"):
        ref = PassageRef.at(question.anchor, question.passage, question.text)
        if ref is not None:
            groups[("question", question.pk)] = PassageGroup(ref, question)
    inline = thread.comments.filter(
        INLINE, parent=None, status=Comment.Status.PUBLISHED
    )
    for comment in inline.select_related("question").order_by("created_at", "pk"):
        if comment.question_id:
            group = groups[("question", comment.question_id)]
        else:
            ref = PassageRef.at(comment.anchor, comment.passage) or PassageRef("")
            at = (ref.key or f"earlier:{ref.quote}", 0)
            group = groups.setdefault(at, PassageGroup(ref))
        group.count += 1
        if len(group.comments) < MAX_PASSAGE_COMMENTS:
            group.comments.append(comment)
    return (
        [g for g in groups.values() if not g.ref.earlier],
        [g for g in groups.values() if g.ref.earlier],
    )


def counts(keys: Iterable[str]) -> dict[str, int]:
    """Published-comment counts for many thread keys in one query (0 if none)."""
    wanted = list(dict.fromkeys(keys))
    found = dict(
        Thread.objects.filter(key__in=wanted, restricted=False).values_list(
            "key", "comment_count"
        )
    )
    return {key: found.get(key, 0) for key in wanted}


def reader_votes(key: str, voter: str) -> dict[int, int]:
    """The reader's votes in a thread: comment id → 1 or -1."""
    votes = Vote.objects.filter(voter=voter, comment__thread__key=key)
    return dict(votes.values_list("comment_id", "value")[:MAX_OWN_VOTES])


def awaiting_moderation(*, key: str, ids: set[int], user: Any) -> list[CommentNode]:
    """The reader's own held comments in a thread (by browser or account)."""
    mine = Q(pk__in=ids)
    if user is not None and user.is_authenticated:
        mine |= Q(user=user)
    if not ids and not (user is not None and user.is_authenticated):
        return []
    held = Comment.objects.filter(
        mine, thread__key=key, status=Comment.Status.PENDING
    ).order_by("created_at", "pk")
    return [CommentNode(comment) for comment in held[:50]]
