"""Signals moderation sends, after the transaction commits.

- ``comment_approved(comment, moderator)``: a held comment was published by a
  moderator. Notifications send what a held comment's publication owes.
- ``comment_rejected(comment, moderator, reason)``: a moderator rejected it.
"""

from django.dispatch import Signal

comment_approved = Signal()
comment_rejected = Signal()
