"""Inline feedback: comments and editors' questions on passages of an article.

A passage is kept twice. ``anchor`` is the passage as the reader (or editor)
chose it, W3C Web Annotation selectors, never changed. ``passage`` is where it
is in the article now: found when the comment is posted, and found again each
time the article is published (from where it last was, else from the words
first chosen; the exact words, then a fuzzy match within the block, then the
exact words in another paragraph). When it cannot be found, ``passage`` is
emptied and the comment is listed as "on an earlier version", never lost.

The article's text comes from the ``gazette_passage_texts`` hook (publishing
answers it for articles): paragraph texts by StreamField block id, the same
text the reader's browser sees as ``textContent`` of ``[data-block-id]``.
Threads that belong to no article (embeds) keep anchors as given.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import F
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Page

from gazette.core.db import write_transaction
from gazette.discussion import keys
from gazette.discussion.anchors import Anchor, anchor_at, anchor_locate, anchor_parse
from gazette.discussion.errors import InvalidComment
from gazette.discussion.models import Comment, InlineQuestion, Thread

QUESTION_MAX_LENGTH = 300

Texts = dict[str, str]


def texts_for(page: Page | None) -> Texts | None:
    """The page's paragraph texts by block id; None when it is not an article."""
    if page is None:
        return None
    for hook in hooks.get_hooks("gazette_passage_texts"):
        texts: Texts | None = hook(page)
        if texts is not None:
            return texts
    return None


def _in_block(anchor: Anchor, texts: Texts, *, fuzzy: bool) -> Anchor | None:
    text = texts.get(anchor.block)
    found = anchor_locate(anchor, text, fuzzy=fuzzy) if text is not None else None
    if found is None or text is None:
        return None
    return anchor_at(anchor.block, text, found.start, found.end)


def _elsewhere(anchor: Anchor, texts: Texts) -> Anchor | None:
    """The exact words in another paragraph (the editor moved or split it)."""
    for block, text in texts.items():
        moved = Anchor(block, anchor.exact, anchor.prefix, anchor.suffix)
        found = (
            anchor_locate(moved, text, fuzzy=False) if block != anchor.block else None
        )
        if found is not None:
            return anchor_at(block, text, found.start, found.end)
    return None


def relocate(texts: Texts, *raws: dict[str, Any] | None) -> dict[str, Any] | None:
    """Where the first findable of ``raws`` (newest first) is in ``texts``."""
    anchors = [anchor_parse(raw) for raw in raws if raw is not None]
    for step in ("exact", "fuzzy", "elsewhere"):
        for anchor in anchors:
            found = (
                _elsewhere(anchor, texts)
                if step == "elsewhere"
                else _in_block(anchor, texts, fuzzy=step == "fuzzy")
            )
            if found is not None:
                return found.as_json()
    return None


def check_start(
    parent_id: int | None, anchor: dict[str, Any] | None, question_id: int | None
) -> None:
    """Inline feedback starts a conversation: a passage or a question, not both."""
    if parent_id is not None:
        raise InvalidComment(
            _("A reply belongs to its comment's passage; send no anchor or question."),
            errors={"anchor": _("Replies cannot point at a passage.")},
        )
    if anchor is not None and question_id is not None:
        raise InvalidComment(
            _("Comment on a passage or answer a question, not both."),
            errors={"anchor": _("Send an anchor or a question_id, not both.")},
        )


def anchor_for_comment(
    page: Page | None, raw: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A posted anchor checked against the article: (anchor, passage now).

    The passage must be in the article as it reads now, word for word.
    """
    anchor = anchor_parse(raw)
    texts = texts_for(page)
    if texts is None:  # an embed: the page is not ours to read
        if anchor.start is None:
            raise InvalidComment(
                _("The anchor is not valid."),
                errors={
                    "anchor": _(
                        "On a page Gazette cannot read, an anchor needs a "
                        "TextPositionSelector as well as the quote."
                    )
                },
            )
        return anchor.as_json(), anchor.as_json()
    found = _in_block(anchor, texts, fuzzy=False)
    if found is None:
        raise InvalidComment(
            _("The anchor is not valid."),
            errors={
                "anchor": _(
                    "That passage is not in the article as it reads now; "
                    "reload the page and select it again."
                )
            },
        )
    return anchor.as_json(), found.as_json()


def check_answer(question_id: int, thread: Thread) -> InlineQuestion:
    """The open question of ``thread`` that a new comment answers."""
    question = InlineQuestion.objects.filter(pk=question_id, thread=thread).first()
    if question is None:
        raise InvalidComment(
            _("There is no such question on this article."),
            errors={"question_id": _("No such question in this thread.")},
        )
    if not question.is_open:
        raise InvalidComment(
            _("This question is closed and takes no new answers."),
            errors={"question_id": _("The question is closed.")},
        )
    return question


def _touch(thread_id: int) -> None:
    """Cached renderings of the thread (its passages too) are stale."""
    Thread.objects.filter(pk=thread_id).update(version=F("version") + 1)


def passages_relocate(*, page: Page) -> int:
    """Find every passage of the article's comments and questions again.

    Called when the article is published. Returns how many moved or were lost.
    """
    texts = texts_for(page)
    thread = Thread.objects.filter(key=keys.page_key(page.pk)).first()
    if texts is None or thread is None:
        return 0
    with write_transaction():
        changed: list[Comment | InlineQuestion] = []
        rows: list[Comment | InlineQuestion] = [
            *thread.comments.filter(anchor__isnull=False).select_for_update(),
            *thread.questions.select_for_update(),
        ]
        for row in rows:
            now = relocate(texts, row.passage, row.anchor)
            if now != row.passage:
                row.passage = now
                changed.append(row)
        Comment.objects.bulk_update(
            [r for r in changed if isinstance(r, Comment)], ["passage"]
        )
        InlineQuestion.objects.bulk_update(
            [r for r in changed if isinstance(r, InlineQuestion)], ["passage"]
        )
        if changed:
            _touch(thread.pk)
    return len(changed)


def anchor_for_quote(page: Page, quote: str) -> dict[str, Any]:
    """The anchor of the one place ``quote`` appears in the article."""
    texts = texts_for(page)
    if texts is None:
        raise InvalidComment(
            _("The question could not be saved."),
            errors={"page": _("Choose a published article.")},
        )
    return _find_quote(texts, quote.strip()).as_json()


def _find_quote(texts: Texts, quote: str) -> Anchor:
    found = [
        (block, at) for block, text in texts.items() for at in _occurrences(text, quote)
    ]
    if not found:
        raise InvalidComment(
            _("The question could not be saved."),
            errors={
                "passage": _(
                    "These words are not in the article as published. Copy them "
                    "from the live article."
                )
            },
        )
    if len(found) > 1:
        raise InvalidComment(
            _("The question could not be saved."),
            errors={
                "passage": _(
                    "These words appear %(n)d times in the article; quote a few "
                    "more so that the passage is unique."
                )
                % {"n": len(found)}
            },
        )
    block, at = found[0]
    return anchor_at(block, texts[block], at, at + len(quote))


def _occurrences(text: str, quote: str) -> list[int]:
    found, at = [], text.find(quote)
    while at != -1:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


@dataclass(frozen=True)
class QuestionDraft:
    page: Page | None
    quote: str
    text: str
    is_open: bool = True


def question_check(draft: QuestionDraft) -> tuple[Page, dict[str, Any]]:
    """The article and the anchor of the draft's passage; else InvalidComment."""
    text = " ".join(draft.text.split())
    if not text or len(text) > QUESTION_MAX_LENGTH:
        raise InvalidComment(
            _("The question could not be saved."),
            errors={
                "text": _("Ask a question of 1 to %(n)d characters.")
                % {"n": QUESTION_MAX_LENGTH}
            },
        )
    page = draft.page
    if page is None or not page.live:
        raise InvalidComment(
            _("The question could not be saved."),
            errors={"page": _("Choose a published article.")},
        )
    if not draft.quote.strip():
        raise InvalidComment(
            _("The question could not be saved."),
            errors={"passage": _("Copy the words the question is about.")},
        )
    return page, anchor_for_quote(page, draft.quote)


def question_save(
    draft: QuestionDraft,
    *,
    user: AbstractBaseUser | AnonymousUser | None = None,
    question: InlineQuestion | None = None,
) -> InlineQuestion:
    """Ask (or change) an editor's question on a passage of a published article."""
    from gazette.discussion.services import thread_get_or_create

    page, anchor = question_check(draft)
    quote, text = draft.quote.strip(), " ".join(draft.text.split())
    with write_transaction():
        thread = thread_get_or_create(key=keys.page_key(page.pk))
        if question is None:
            question = InlineQuestion(thread=thread, created_by=_account(user))
        elif question.thread_id != thread.pk and question.answers.exists():
            raise InvalidComment(
                _("The question could not be saved."),
                errors={"page": _("A question with answers stays on its article.")},
            )
        question.thread = thread
        question.text = text
        question.is_open = draft.is_open
        if question.pk is None or question.quote != quote:
            question.anchor = question.passage = anchor
        question.save()
        _touch(thread.pk)
    return question


def _account(user: AbstractBaseUser | AnonymousUser | None) -> Any:
    return user if user is not None and user.is_authenticated else None


def question_delete(question: InlineQuestion) -> None:
    """Remove a question nobody has answered (answered ones are closed instead)."""
    with write_transaction():
        if question.answers.exists():
            raise InvalidComment(
                _("This question has answers, so it cannot be deleted. Close it."),
            )
        thread_id = question.thread_id
        question.delete()
        _touch(thread_id)
