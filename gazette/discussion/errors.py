"""Domain errors of the discussion app, mapped to HTTP in one place (``http.py``)."""

from __future__ import annotations

from gazette.core.errors import DomainError


class DiscussionError(DomainError):
    """Base class of the discussion app's errors."""


class InvalidComment(DiscussionError):
    """Input that cannot be posted; ``errors`` maps field names to messages."""

    code = "invalid"


class ThreadNotFound(DiscussionError):
    status = 404
    code = "thread_not_found"


class CommentNotFound(DiscussionError):
    status = 404
    code = "comment_not_found"


class NotAllowed(DiscussionError):
    """A wrong or missing edit token, or an edit window that has closed."""

    status = 403
    code = "forbidden"


class VoteLimitReached(DiscussionError):
    """Too many readers voting on one comment from one network."""

    status = 403
    code = "vote_limit"


class SignInRequired(DiscussionError):
    """The article takes comments from signed-in readers only."""

    status = 403
    code = "sign_in_required"


class CommentsClosed(DiscussionError):
    """The article takes no new comments."""

    status = 403
    code = "closed"


class Banned(DiscussionError):
    """The author, their e-mail address or their network may not comment."""

    status = 403
    code = "banned"


class Reconsider(DiscussionError):
    """The comment may be uncivil: the author may edit it or post it anyway.

    Posting again with ``confirmed`` sends it to review instead of asking.
    ``flagged`` lists the words that made it look uncivil; ``kind`` names
    the kind of harm it reads as (``attack``, ``threat`` …).
    """

    status = 422
    code = "reconsider"

    def __init__(
        self,
        message: str,
        *,
        errors: dict[str, str] | None = None,
        flagged: tuple[str, ...] = (),
        kind: str = "",
    ) -> None:
        super().__init__(message, errors=errors)
        self.flagged = flagged
        self.kind = kind


class KeyReused(DiscussionError):
    """An Idempotency-Key already used for a different comment."""

    status = 409
    code = "idempotency_key_reused"


class VoteContended(DiscussionError):
    """The reader's own requests kept changing their vote at the same moment."""

    status = 409
    code = "vote_contended"
