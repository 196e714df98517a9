"""A genuine form time stamp, as the comment form carries, from a while ago.

Tests in this process sign with the test settings' key; tests and benchmarks
that post to a server in another process give that server's ``SECRET_KEY``.
"""

from __future__ import annotations

import time

from django.core.signing import TimestampSigner

# gazette.discussion.identity.STAMP's purpose; a test checks they agree.
STAMP_SALT = "gazette.discussion.form-stamp"


def stamp(seconds_ago: float = 60, *, key: str | None = None) -> str:
    """The signed "form shown at" value of a form shown ``seconds_ago``."""
    shown = round(time.time() - seconds_ago, 1)
    if key is None:
        from gazette.discussion.identity import STAMP

        return STAMP.sign(shown)
    signer = TimestampSigner(key=key, salt=STAMP_SALT, fallback_keys=[])
    return signer.sign_object(shown, compress=True)
