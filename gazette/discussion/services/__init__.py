"""Writes for discussion. The HTML forms, the JSON API, the importer and the
tests call these: threads (created on first use, counted), comments (posted
through the pipeline from one :class:`CommentRequest`, edited, deleted) and
votes."""

from gazette.discussion.keys import MAX_KEY_LENGTH, check_thread_key
from gazette.discussion.services.comments import (
    CommentRequest,
    Posted,
    can_edit,
    comment_create,
    comment_delete,
    comment_edit,
    comment_set_featured,
    comment_set_status,
    comments_badge_set,
    comments_verify_email,
)
from gazette.discussion.services.threads import (
    thread_changed,
    thread_get_or_create,
    threads_recount,
)
from gazette.discussion.services.votes import published_for_update, vote_cast

__all__ = [
    "MAX_KEY_LENGTH",
    "CommentRequest",
    "Posted",
    "can_edit",
    "check_thread_key",
    "comment_create",
    "comment_delete",
    "comment_edit",
    "comment_set_featured",
    "comment_set_status",
    "comments_badge_set",
    "comments_verify_email",
    "published_for_update",
    "thread_changed",
    "thread_get_or_create",
    "threads_recount",
    "vote_cast",
]
