"""Idempotent posting: a retried or double-clicked post makes one comment.

A client may send an ``Idempotency-Key`` (any 1 to 255 printable ASCII
characters, a UUID in practice) with a post. The comment stores a digest of
the thread key and that key, unique when set, so the second of two identical
requests, even one that races the first on another app server, finds the
comment the first one made and answers with it. The edit token of such a
post is derived from the key with the site's secret, so the replay hands
back the same token the first answer carried.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from gazette.discussion.errors import InvalidComment, KeyReused
from gazette.discussion.models import Comment

MAX_LENGTH = 255


@dataclass(frozen=True)
class Idempotency:
    """What one post stores (``digest``, empty without a key) and hands back."""

    digest: str
    edit_token: str


def idempotency_for(thread_key: str, key: str) -> Idempotency:
    """The digest and edit token of a post to ``thread_key`` sent with ``key``."""
    if not key:
        return Idempotency(digest="", edit_token=secrets.token_urlsafe(32))
    if len(key) > MAX_LENGTH or not (key.isascii() and key.isprintable()):
        raise InvalidComment(
            _("An Idempotency-Key is 1 to %(n)d printable ASCII characters.")
            % {"n": MAX_LENGTH},
            errors={"idempotency_key": _("Invalid Idempotency-Key.")},
        )
    scoped = f"{thread_key}\0{key}".encode()
    digest = hashlib.sha256(b"gazette-post\0" + scoped).hexdigest()
    mac = hmac.new(settings.SECRET_KEY.encode(), b"gazette-edit\0" + scoped, "sha256")
    token = base64.urlsafe_b64encode(mac.digest()).rstrip(b"=").decode()
    return Idempotency(digest=digest, edit_token=token)


def comment_replayed(idempotency: Idempotency, text: str) -> Comment | None:
    """The comment an earlier post with the same key made, if there is one.

    Raises KeyReused when that comment says something else: the client used
    one key for two different comments.
    """
    if not idempotency.digest:
        return None
    comment = (
        Comment.objects.select_related("thread")
        .filter(idempotency_hash=idempotency.digest)
        .first()
    )
    if comment is not None and comment.text != text:
        raise KeyReused(
            _(
                "This Idempotency-Key was already used for a different comment; "
                "send a new key with each new comment."
            )
        )
    return comment
