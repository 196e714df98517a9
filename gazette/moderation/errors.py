"""Domain errors of moderation. Reader-facing ones reuse discussion's errors."""

from __future__ import annotations

from gazette.discussion.errors import DiscussionError


class ModerationError(DiscussionError):
    """A moderator's request that cannot be carried out."""

    code = "moderation"


class AlreadyReported(DiscussionError):
    """This reader has already reported this comment."""

    status = 409
    code = "already_reported"
