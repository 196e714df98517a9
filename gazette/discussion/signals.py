"""Signals the discussion app sends, always after the transaction commits.

Every signal is sent with ``sender=Comment`` and ``comment=<Comment>``.

- ``comment_posted``: a new comment was saved (any status; check ``comment.status``);
  also sent with ``notify``: "thread", "replies" or "" (what the author asked
  to be told of).
- ``comment_edited``: its author changed the text.
- ``comment_removed``: it was deleted; the thread may keep it as "[deleted]".
- ``votes_changed``: its vote totals changed.
- ``comment_status_changed``: a moderator (or reader reports) published, held,
  rejected or marked it as spam; also sent with ``old_status``.
- ``comment_featured``: a moderator made it an editors' pick, or no longer
  (``comment.featured_at``).
"""

from django.dispatch import Signal

comment_posted = Signal()
comment_edited = Signal()
comment_removed = Signal()
votes_changed = Signal()
comment_status_changed = Signal()
comment_featured = Signal()
