"""What the thread tells the scorer: whom a comment answers, who else is there.

Read only for a comment that would be held if it were aimed at a commenter
(the pipeline's worst case), so a civil comment costs no query here.
"""

from __future__ import annotations

from functools import cache

from gazette.discussion.models import Comment
from gazette.discussion.pipeline import Draft
from gazette.moderation.scoring import MODEL_PATH, kinds
from gazette.moderation.scoring.kinds import Context
from gazette.moderation.scoring.model import LinearModel

NAMES = 200  # the most recent commenters' names compared
COMMON_WORDS = 15_000  # of the vocabulary's 30,000, the most frequent


def of(draft: Draft) -> Context:
    return thread_context(
        draft.thread_key,
        parent_id=draft.parent_id,
        author_name=draft.author_name,
    )


def thread_context(
    thread_key: str, *, parent_id: int | None, author_name: str = ""
) -> Context:
    """The parent's author and the other commenters' names (the author's left out)."""
    parent_author = ""
    if parent_id is not None:
        parent_author = (
            Comment.objects.filter(pk=parent_id, thread__key=thread_key)
            .values_list("author_name", flat=True)
            .first()
            or ""
        )
    recent = (
        Comment.objects.filter(thread__key=thread_key, status=Comment.Status.PUBLISHED)
        .order_by("-created_at")
        .values_list("author_name", flat=True)[:NAMES]
    )
    own = author_name.strip().lower()
    common = common_words()
    names = kinds.distinctive(
        (n for n in recent if n and n.strip().lower() != own), common
    )
    if parent_author.strip().lower() == own:
        parent_author = ""  # answering oneself aims at no one else
    return Context(parent_author=parent_author, names=names, common=common)


@cache
def common_words() -> frozenset[str]:
    """The most frequent words of the training data (the linear model's vocabulary)."""
    vectors = LinearModel.load(MODEL_PATH).vectors
    if vectors is None:
        return frozenset()
    ordered = sorted(vectors.index, key=vectors.index.__getitem__)
    return frozenset(ordered[:COMMON_WORDS])
