"""The Supporter badge on donors' comments, matched on a verified e-mail.

Only comments whose address was proven (a signed-in account, or the link in
the receipt opened in the browser that posts) can carry it, so nobody earns a
badge by typing a donor's address into the comment form.
"""

from __future__ import annotations

from collections.abc import Collection

from gazette.discussion import services as discussion
from gazette.funding import totals

SUPPORTER = "supporter"


def is_supporter(email: str) -> bool:
    """A paid gift (not refunded or disputed) whose donor asked for the badge."""
    return (
        totals.counted()
        .filter(donor_email__iexact=email, supporter_badge=True)
        .exists()
    )


def badge_refresh(email: str) -> int:
    """Give or take the badge on the donor's verified comments; how many changed."""
    if not email:
        return 0
    badge = SUPPORTER if is_supporter(email) else ""
    return discussion.comments_badge_set(email=email, badge=badge)


def badge_confirm(*, email: str, comment_ids: Collection[int]) -> int:
    """The donor opened the receipt's link in this browser: its comments are theirs.

    Verifies the address on the comments this browser posted with it, then
    shows the badge on every verified comment by the address.
    """
    discussion.comments_verify_email(comment_ids=comment_ids, email=email)
    return badge_refresh(email)
