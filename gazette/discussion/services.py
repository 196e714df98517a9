"""Writes for discussion. The HTML forms, the JSON API and the tests call these."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Collection
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from gazette.core.db import write_transaction
from gazette.discussion import inline, markdown, pipeline, signals
from gazette.discussion.errors import (
    CommentNotFound,
    InvalidComment,
    NotAllowed,
    ThreadNotFound,
    VoteLimitReached,
)
from gazette.discussion.idempotency import comment_replayed, idempotency_for
from gazette.discussion.models import Comment, Thread, Vote

MAX_KEY_LENGTH = 255


@dataclass(frozen=True)
class Posted:
    """A new comment and the token that lets its author edit it."""

    comment: Comment
    edit_token: str
    replayed: bool = False


def _send_after_commit(signal: Signal, comment: Comment, **extra: Any) -> None:
    transaction.on_commit(lambda: signal.send(sender=Comment, comment=comment, **extra))


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_thread_key(key: str) -> str:
    """A valid thread key, or InvalidComment."""
    if not key or len(key) > MAX_KEY_LENGTH or any(ord(c) < 32 for c in key):
        raise InvalidComment(
            _("A thread key is 1 to %(n)d printable characters.")
            % {"n": MAX_KEY_LENGTH},
            errors={"key": _("Invalid thread key.")},
        )
    return key


def _article_for_key(key: str) -> Page | None:
    """The live page a ``page-<id>`` key names; ThreadNotFound if there is none."""
    if not key.startswith("page-"):
        return None
    page_id = key.removeprefix("page-")
    page = (
        Page.objects.live().public().filter(pk=int(page_id)).first()
        if page_id.isdigit()
        else None
    )
    if page is None:
        raise ThreadNotFound(_("There is no article with this thread key."))
    return page


def thread_get_or_create(*, key: str, url: str = "", title: str = "") -> Thread:
    """The thread for ``key``, created on first use.

    ``page-<id>`` keys must name a live page; other keys belong to embeds.
    """
    check_thread_key(key)
    thread = Thread.objects.filter(key=key).first()
    if thread is not None:
        return thread
    page = _article_for_key(key)
    defaults: dict[str, Any] = {"page": page, "url": url[:2000], "title": title[:255]}
    if page is not None:
        defaults["title"] = page.title
    thread, _created = Thread.objects.get_or_create(key=key, defaults=defaults)
    return thread


def _changed(thread_id: int, *, published_delta: int = 0) -> None:
    """Bump the thread's version (invalidating cached renderings) and its count.

    Called inside the writing transaction, so the count stays exact.
    """
    fields: dict[str, Any] = {"version": F("version") + 1}
    if published_delta:
        fields["comment_count"] = F("comment_count") + published_delta
    Thread.objects.filter(pk=thread_id).update(**fields)


def _email_verified(draft: pipeline.Draft, proven: Collection[str]) -> bool:
    """Accounts' addresses are trusted; a guest's only once proven by mail."""
    if not draft.author_email:
        return False
    if draft.user is not None and draft.user.is_authenticated:
        return True
    return draft.author_email.lower() in proven


def threads_recount(thread_ids: Collection[int]) -> None:
    """Count the threads' published comments again after a bulk change, and
    bump their versions (cached renderings go)."""
    published = (
        Comment.objects.filter(
            thread_id=OuterRef("pk"), status=Comment.Status.PUBLISHED
        )
        .values("thread_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Thread.objects.filter(pk__in=list(thread_ids)).update(
        comment_count=Coalesce(Subquery(published), 0), version=F("version") + 1
    )


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


def comment_create(
    *,
    thread_key: str,
    text: str,
    author_name: str,
    author_email: str = "",
    parent_id: int | None = None,
    user: Any = None,
    ip_hash: str = "",
    honeypot: str = "",
    thread_url: str = "",
    thread_title: str = "",
    anchor: dict[str, Any] | None = None,
    question_id: int | None = None,
    reader: str = "",
    rendered_at: float | None = None,
    confirmed: bool = False,
    proven_emails: Collection[str] = (),
    notify: str = "",
    idempotency_key: str = "",
) -> Posted:
    """Post a comment through the pipeline (validate → guard → decide → save).

    Preconditions: none; bad input raises InvalidComment, an unknown article
    ThreadNotFound, a reply to a comment of another thread InvalidComment; the
    moderator may refuse (closed thread, banned author) or ask the author to
    reconsider. Sends ``comment_posted`` after commit. With an
    ``idempotency_key`` already used on this thread, returns that post's
    comment (``replayed``) instead of making another.
    """
    draft = pipeline.Draft(
        text=text,
        author_name=author_name,
        author_email=author_email,
        user=user,
        honeypot=honeypot,
        thread_key=check_thread_key(thread_key),
        ip_hash=ip_hash,
        reader=reader,
        rendered_at=rendered_at,
        confirmed=confirmed,
    )
    pipeline.validate(draft)
    idempotency = idempotency_for(thread_key, idempotency_key)
    if earlier := comment_replayed(idempotency, draft.text):
        return Posted(earlier, idempotency.edit_token, replayed=True)
    passage = None
    if anchor is not None or question_id is not None:
        inline.check_start(parent_id, anchor, question_id)
    if anchor is not None:  # inline feedback: a passage of the article as it is
        anchor, passage = inline.anchor_for_comment(
            _article_for_key(thread_key), anchor
        )
    pipeline.guard(draft)
    decision = pipeline.decide(draft)
    html = markdown.render(draft.text)  # before the write lock is taken
    try:
        with write_transaction():
            thread = thread_get_or_create(
                key=thread_key, url=thread_url, title=thread_title
            )
            parent = None
            if parent_id is not None:
                parent = Comment.objects.filter(
                    pk=parent_id, thread=thread, status=Comment.Status.PUBLISHED
                ).first()
                if parent is None:
                    raise InvalidComment(
                        _("The comment you are replying to is not in this thread."),
                        errors={"parent_id": _("No such comment in this thread.")},
                    )
            question = (
                inline.check_answer(question_id, thread)
                if question_id is not None
                else None
            )
            comment = Comment.objects.create(
                thread=thread,
                parent=parent,
                root=(parent.root or parent) if parent else None,
                depth=parent.depth + 1 if parent else 0,
                author_name=draft.author_name,
                author_email=draft.author_email,
                email_verified=_email_verified(draft, proven_emails),
                user=user if user is not None and user.is_authenticated else None,
                text=draft.text,
                html=html,
                status=decision.status,
                edit_token_hash=_token_hash(idempotency.edit_token),
                idempotency_hash=idempotency.digest,
                ip_hash=ip_hash,
                anchor=anchor,
                passage=passage,
                question=question,
            )
            pipeline.moderator().record(comment, draft, decision)
            _changed(
                thread.pk,
                published_delta=int(decision.status == Comment.Status.PUBLISHED),
            )
    except IntegrityError:  # the same post, sent twice at once: the other won
        if earlier := comment_replayed(idempotency, draft.text):
            return Posted(earlier, idempotency.edit_token, replayed=True)
        raise
    _send_after_commit(signals.comment_posted, comment, notify=notify)
    return Posted(comment=comment, edit_token=idempotency.edit_token)


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
        user=comment.user,
        thread_key=comment.thread.key,
        ip_hash=ip_hash or comment.ip_hash,
        reader=reader,
        confirmed=confirmed,
        editing=comment,
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
    _changed(
        comment.thread_id, published_delta=int(still_published) - int(was_published)
    )
    _send_after_commit(signals.comment_edited, comment)
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
    _changed(
        comment.thread_id,
        published_delta=int(status == published) - int(old == published),
    )
    transaction.on_commit(
        lambda: signals.comment_status_changed.send(
            sender=Comment, comment=comment, old_status=old
        )
    )
    return old


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
    _changed(comment.thread_id, published_delta=-int(was_published))
    _send_after_commit(signals.comment_removed, comment)
    return comment


def published_for_update(comment_id: int) -> Comment:
    """The published comment, locked for this transaction; CommentNotFound if none."""
    comment = (
        Comment.objects.select_for_update()
        .filter(pk=comment_id, status=Comment.Status.PUBLISHED)
        .first()
    )
    if comment is None:
        raise CommentNotFound(_("There is no such comment."))
    return comment


def vote_cast(*, comment_id: int, voter: str, value: int, ip_hash: str = "") -> Comment:
    """Vote +1 or -1, or withdraw with 0. Voting again replaces the vote.

    The comment row is locked while the vote changes and the totals are counted
    again from the votes, so totals stay exact under concurrent votes.
    """
    if value not in (-1, 0, 1):
        raise InvalidComment(
            _("A vote is 1, -1 or 0."), errors={"value": _("Use 1, -1 or 0.")}
        )
    with write_transaction():
        comment = published_for_update(comment_id)
        existing = Vote.objects.filter(comment=comment, voter=voter).first()
        if value == 0:
            if existing:
                existing.delete()
        elif existing:
            if existing.value != value:
                existing.value = value
                existing.save(update_fields=["value"])
        else:
            same_network = Vote.objects.filter(comment=comment, ip_hash=ip_hash)
            if ip_hash and same_network.count() >= settings.GAZETTE_VOTES_PER_IP:
                raise VoteLimitReached(
                    _("Too many votes on this comment come from your network.")
                )
            try:
                with transaction.atomic():
                    Vote.objects.create(
                        comment=comment, voter=voter, value=value, ip_hash=ip_hash
                    )
            except IntegrityError:  # the same reader's other request won the race
                Vote.objects.filter(comment=comment, voter=voter).update(value=value)
        totals = Vote.objects.filter(comment=comment).aggregate(
            up=Count("pk", filter=Q(value=1)), down=Count("pk", filter=Q(value=-1))
        )
        Comment.objects.filter(pk=comment.pk).update(
            upvotes=totals["up"],
            downvotes=totals["down"],
            score=totals["up"] - totals["down"],
        )
        comment.refresh_from_db(fields=["upvotes", "downvotes", "score"])
        _changed(comment.thread_id)
        _send_after_commit(signals.votes_changed, comment)
    return comment
