"""Comments: posted through the pipeline, edited and deleted by their authors."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Collection
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gazette.core import sql
from gazette.core.db import write_transaction
from gazette.discussion import inline, markdown, origins, pipeline, signals
from gazette.discussion.errors import CommentNotFound, InvalidComment, NotAllowed
from gazette.discussion.idempotency import (
    Idempotency,
    comment_replayed,
    idempotency_for,
)
from gazette.discussion.keys import check_thread_key
from gazette.discussion.models import Comment, Thread
from gazette.discussion.services.threads import (
    article_for_key,
    send_after_commit,
    thread_changed,
    thread_get_or_create,
)


@dataclass(frozen=True)
class Posted:
    """A new comment and the token that lets its author edit it."""

    comment: Comment
    edit_token: str
    replayed: bool = False


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _email_verified(draft: pipeline.Draft, proven: Collection[str]) -> bool:
    """Accounts' addresses are trusted; a guest's only once proven by mail."""
    if not draft.author_email:
        return False
    if draft.user is not None and draft.user.is_authenticated:
        return True
    return draft.author_email.lower() in proven


def comments_badge_set(*, email: str, badge: str) -> int:
    """Show ``badge`` ("" for none) on every verified comment by ``email``.

    Returns how many comments changed; their threads' cached renderings go.
    """
    with write_transaction():
        changed = Comment.objects.filter(
            author_email__iexact=email, email_verified=True
        ).exclude(author_badge=badge)
        threads = set(changed.values_list("thread_id", flat=True))
        count = changed.update(author_badge=badge)
        if threads:
            Thread.objects.filter(pk__in=threads).update(version=F("version") + 1)
    return count


def comments_verify_email(*, comment_ids: Collection[int], email: str) -> int:
    """Mark the given comments' address as proven (their browser opened the link)."""
    with write_transaction():
        return Comment.objects.filter(
            pk__in=list(comment_ids), author_email__iexact=email, email_verified=False
        ).update(email_verified=True)


@dataclass(frozen=True)
class CommentRequest:
    """One comment as an interface received it: built once by the API, the
    HTML form, the demo or a test, and posted by :func:`comment_create`."""

    thread_key: str
    text: str
    author_name: str
    author_email: str = ""
    parent_id: int | None = None
    user: Any = None
    ip_hash: str = ""
    reader: str = ""  # the voter key: "u:<id>" or "g:<guest id>"
    # Addresses this browser proved by a mailed link: only these are verified.
    proven_emails: Collection[str] = field(default_factory=frozenset)
    # The form's signals: the honeypot field and the signed time it was shown.
    # ``from_form`` makes them count (a post without a valid stamp is held).
    from_form: bool = False
    honeypot: str = ""
    rendered_at: float | None = None
    confirmed: bool = False  # sent again after the "reconsider" nudge
    thread_url: str = ""  # an embed's page and title, for a new thread
    thread_title: str = ""
    anchor: dict[str, Any] | None = None  # inline feedback: the passage
    question_id: int | None = None  # inline feedback: the editor's question
    notify: str = ""
    idempotency_key: str = ""


def comment_create(request: CommentRequest) -> Posted:
    """Post a comment through the pipeline (validate → guard → decide → save).

    Preconditions: none; bad input raises InvalidComment, an unknown article
    ThreadNotFound, a reply to a comment of another thread InvalidComment; the
    moderator may refuse (closed thread, banned author) or ask the author to
    reconsider. Sends ``comment_posted`` after commit. With an
    ``idempotency_key`` already used on this thread, returns that post's
    comment (``replayed``) instead of making another.
    """
    thread_key = check_thread_key(request.thread_key)
    draft = pipeline.Draft(
        text=request.text,
        author_name=request.author_name,
        author_email=request.author_email,
        user=request.user,
        honeypot=request.honeypot,
        thread_key=thread_key,
        ip_hash=request.ip_hash,
        reader=request.reader,
        rendered_at=request.rendered_at,
        from_form=request.from_form,
        confirmed=request.confirmed,
        parent_id=request.parent_id,
    )
    pipeline.validate(draft)
    draft.email_verified = _email_verified(draft, request.proven_emails)
    origins.check_title(request.thread_title)
    idempotency = idempotency_for(thread_key, request.idempotency_key)
    if earlier := comment_replayed(idempotency, draft.text):
        return Posted(earlier, idempotency.edit_token, replayed=True)
    anchor, passage = _passage(request, thread_key)
    pipeline.guard(draft)
    decision = pipeline.decide(draft)
    html = markdown.render(draft.text)  # before the write lock is taken
    try:
        with _writing():
            comment = _save(
                request,
                draft,
                decision,
                html,
                idempotency=idempotency,
                anchor=anchor,
                passage=passage,
            )
    except IntegrityError:  # the same post, sent twice at once: the other won
        if earlier := comment_replayed(idempotency, draft.text):
            return Posted(earlier, idempotency.edit_token, replayed=True)
        raise
    send_after_commit(signals.comment_posted, comment, notify=request.notify)
    return Posted(comment=comment, edit_token=idempotency.edit_token)


def _writing() -> AbstractContextManager[None]:
    """The post's transaction: none on PostgreSQL, two round trips fewer.

    There every write of the post goes as one statement (``_save``'s batch),
    which is atomic by itself; before it, the post only reads (or creates its
    thread, in a transaction of its own). A moderator that writes with the
    ORM needs the transaction, and SQLite its queue of writers.
    """
    if (
        connection.vendor == "postgresql"
        and not connection.in_atomic_block  # else a failure would spoil the caller's
        and pipeline.moderator().writes_in_batch
    ):
        return nullcontext()
    return write_transaction()


def _passage(
    request: CommentRequest, thread_key: str
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """Inline feedback: the anchor as posted, and where the passage is now."""
    if request.anchor is None and request.question_id is None:
        return None, None
    inline.check_start(request.parent_id, request.anchor, request.question_id)
    if request.anchor is None:
        return None, None
    return inline.anchor_for_comment(article_for_key(thread_key), request.anchor)


def _save(
    request: CommentRequest,
    draft: pipeline.Draft,
    decision: pipeline.Decision,
    html: str,
    *,
    idempotency: Idempotency,
    anchor: dict[str, Any] | None,
    passage: dict[str, Any] | None,
) -> Comment:
    """Write the comment (inside the write transaction) and bump its thread."""
    thread = thread_get_or_create(
        key=draft.thread_key, url=request.thread_url, title=request.thread_title
    )
    parent = _parent(thread, request.parent_id)
    question = (
        inline.check_answer(request.question_id, thread)
        if request.question_id is not None
        else None
    )
    user = request.user
    comment = Comment(
        thread=thread,
        parent=parent,
        root=(parent.root or parent) if parent else None,
        depth=parent.depth + 1 if parent else 0,
        author_name=draft.author_name,
        author_email=draft.author_email,
        email_verified=draft.email_verified,
        user=user if user is not None and user.is_authenticated else None,
        text=draft.text,
        html=html,
        status=decision.status,
        ip_hash=draft.ip_hash,
        edit_token_hash=_token_hash(idempotency.edit_token),
        idempotency_hash=idempotency.digest,
        anchor=anchor,
        passage=passage,
        question=question,
    )
    # The comment, the moderator's record of it and the thread's new version:
    # the ORM's inserts compiled once, sent as one statement (core/sql.py).
    moderator = pipeline.moderator()
    with sql.batch():
        sql.insert(comment)
        if not moderator.writes_in_batch:
            sql.flush()  # its record is written with the ORM: the comment first
        moderator.record(comment, draft, decision)
        thread_changed(
            thread.pk, published_delta=int(decision.status == Comment.Status.PUBLISHED)
        )
    return comment


def _parent(thread: Thread, parent_id: int | None) -> Comment | None:
    if parent_id is None:
        return None
    parent = Comment.objects.filter(
        pk=parent_id, thread=thread, status=Comment.Status.PUBLISHED
    ).first()
    if parent is None:
        raise InvalidComment(
            _("The comment you are replying to is not in this thread."),
            errors={"parent_id": _("No such comment in this thread.")},
        )
    return parent


def _owned_comment(comment_id: int, edit_token: str, *, lock: bool = True) -> Comment:
    """The comment, if ``edit_token`` is its token and the edit window is open."""
    comments = Comment.objects.filter(pk=comment_id)
    if lock:
        comments = comments.select_for_update()
    comment = comments.exclude(status=Comment.Status.DELETED).first()
    if comment is None:
        raise CommentNotFound(_("There is no such comment."))
    if not _token_matches(comment, edit_token):
        raise NotAllowed(_("Only the author can change this comment."))
    if not _window_open(comment):
        raise NotAllowed(_("The time to edit or delete this comment has passed."))
    return comment


def _token_matches(comment: Comment, edit_token: str | None) -> bool:
    return bool(edit_token and comment.edit_token_hash) and hmac.compare_digest(
        comment.edit_token_hash, _token_hash(str(edit_token))
    )


def _window_open(comment: Comment) -> bool:
    window = timedelta(seconds=settings.GAZETTE_COMMENT_EDIT_WINDOW)
    return timezone.now() <= comment.created_at + window


def can_edit(comment: Comment, edit_token: str | None) -> bool:
    """Whether ``edit_token`` would let its holder edit ``comment`` now."""
    return (
        not comment.is_deleted
        and _token_matches(comment, edit_token)
        and _window_open(comment)
    )


def comment_edit(
    *,
    comment_id: int,
    edit_token: str,
    text: str,
    ip_hash: str = "",
    reader: str = "",
    confirmed: bool = False,
) -> Comment:
    """Change a comment's text; its author only, within the edit window.

    The new text goes through the pipeline again: an edit that turns a comment
    uncivil holds it; a held comment stays held until a moderator decides.
    """
    text = pipeline.clean_text(text)
    errors = pipeline.validate_text(text)
    if errors:
        raise InvalidComment(_("The comment could not be saved."), errors=errors)
    comment = _owned_comment(comment_id, edit_token, lock=False)
    if text == comment.text:
        return comment
    draft = pipeline.Draft(
        text=text,
        author_name=comment.author_name,
        author_email=comment.author_email,
        email_verified=comment.email_verified,
        user=comment.user,
        thread_key=comment.thread.key,
        ip_hash=ip_hash or comment.ip_hash,
        reader=reader,
        confirmed=confirmed,
        editing=comment,
        parent_id=comment.parent_id,
    )
    decision = pipeline.decide(draft)
    html = markdown.render(text)
    with write_transaction():
        return _apply_edit(comment_id, edit_token, draft, decision, html)


def _status_after_edit(current: str, decided: str) -> str:
    """An edit may hold or mark spam; it never publishes what waits for review."""
    if current == Comment.Status.PUBLISHED:
        return decided
    if decided == Comment.Status.SPAM:
        return decided
    return current


def _apply_edit(
    comment_id: int,
    edit_token: str,
    draft: pipeline.Draft,
    decision: pipeline.Decision,
    html: str,
) -> Comment:
    comment = _owned_comment(comment_id, edit_token)
    if draft.text == comment.text:
        return comment
    was_published = comment.status == Comment.Status.PUBLISHED
    comment.text = draft.text
    comment.html = html
    comment.edited_at = timezone.now()
    comment.status = _status_after_edit(comment.status, decision.status)
    comment.save(update_fields=["text", "html", "edited_at", "status"])
    pipeline.moderator().record(comment, draft, decision)
    still_published = comment.status == Comment.Status.PUBLISHED
    thread_changed(
        comment.thread_id, published_delta=int(still_published) - int(was_published)
    )
    send_after_commit(signals.comment_edited, comment)
    return comment


def comment_set_status(*, comment: Comment, status: str) -> str:
    """Move a comment to ``status`` (a moderator's decision); return the old one.

    Call inside a write transaction holding the comment (``select_for_update``).
    Keeps the thread's count exact and sends ``comment_status_changed``.
    """
    old = comment.status
    if old == status:
        return old
    comment.status = status
    comment.save(update_fields=["status"])
    published = Comment.Status.PUBLISHED
    thread_changed(
        comment.thread_id,
        published_delta=int(status == published) - int(old == published),
    )
    transaction.on_commit(
        lambda: signals.comment_status_changed.send(
            sender=Comment, comment=comment, old_status=old
        )
    )
    return old


def comment_set_featured(*, comment: Comment, featured: bool) -> bool:
    """Make a published comment an editors' pick, or no longer; whether it changed.

    Call inside a write transaction holding the comment (``select_for_update``).
    Refreshes the thread's pages and sends ``comment_featured``.
    """
    if featured == (comment.featured_at is not None):
        return False
    if featured and comment.status != Comment.Status.PUBLISHED:
        raise InvalidComment(_("Only a published comment can be featured."))
    comment.featured_at = timezone.now() if featured else None
    comment.save(update_fields=["featured_at"])
    thread_changed(comment.thread_id)
    transaction.on_commit(
        lambda: signals.comment_featured.send(sender=Comment, comment=comment)
    )
    return True


def comment_delete(*, comment_id: int, edit_token: str) -> Comment:
    """Delete a comment; its author only, within the edit window.

    The row stays, emptied of text, name and e-mail, so that replies keep
    their place ("[deleted]"); a deleted comment with no replies is not shown.
    """
    with write_transaction():
        return _apply_delete(comment_id, edit_token)


def _apply_delete(comment_id: int, edit_token: str) -> Comment:
    comment = _owned_comment(comment_id, edit_token)
    was_published = comment.status == Comment.Status.PUBLISHED
    comment.status = Comment.Status.DELETED
    comment.text = comment.html = ""
    comment.author_name = ""
    comment.author_email = ""
    comment.edit_token_hash = ""
    comment.save(
        update_fields=[
            "status",
            "text",
            "html",
            "author_name",
            "author_email",
            "edit_token_hash",
        ]
    )
    thread_changed(comment.thread_id, published_delta=-int(was_published))
    send_after_commit(signals.comment_removed, comment)
    return comment
