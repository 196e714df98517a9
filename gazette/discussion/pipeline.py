"""The posting pipeline, read top to bottom: validate → guard → decide → save.

``services.comment_create`` (and ``comment_edit``, for the new text) runs these
stages in order. Each stage adds its reasons to the draft, so a moderator can
later see why a comment was held. ``decide`` and the record written beside the
saved comment belong to the moderator named by ``GAZETTE_MODERATOR``: the
moderation app's pipeline (spam signals → toxicity → policy), or
``PublishEverything`` where moderation is not installed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from gazette.core import plugins
from gazette.discussion.errors import InvalidComment
from gazette.discussion.models import Comment
from gazette.readers import names

# Characters no feed (XML 1.0) or mail can carry: controls, lone surrogates,
# and the non-characters U+FFFE and U+FFFF.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


@dataclass
class Draft:
    """A comment on its way through the pipeline."""

    text: str
    author_name: str
    author_email: str = ""
    # Proven by an account or a mailed link; only a proven address gives the
    # author standing (trust, history), never an address typed into the form.
    email_verified: bool = False
    user: Any = None
    honeypot: str = ""
    reasons: list[str] = field(default_factory=list)
    thread_key: str = ""
    ip_hash: str = ""
    reader: str = ""  # the voter key: "u:<id>" or "g:<guest id>"
    rendered_at: float | None = None  # when the form was shown, if known
    from_form: bool = False  # from the form or API: its honeypot and stamp count
    confirmed: bool = False  # posted anyway after being told it may be uncivil
    editing: Comment | None = None  # the comment whose text this replaces
    parent_id: int | None = None  # the comment this answers, for whom it is aimed at


@dataclass(frozen=True)
class Decision:
    """What becomes of a comment, and why (``rule`` names what decided it)."""

    status: str
    reasons: tuple[str, ...] = ()
    rule: str = ""
    toxicity: float | None = None
    priority: float = 0.0  # how soon a person should look, if it is held
    kinds: dict[str, float] = field(default_factory=dict)  # score per kind of harm
    scorer: str = ""  # which scorer gave the scores


class Moderator(Protocol):
    """The moderation seam. ``record`` runs inside the comment's transaction."""

    def closed_reason(self, thread_key: str) -> str:
        """Why the thread takes no new comments, or "" when it is open."""

    def decide(self, draft: Draft) -> Decision:
        """Publish, hold or mark as spam; may raise a DiscussionError instead."""

    # True when ``record`` writes only through ``core.sql.insert`` and
    # ``core.sql.later``: it then runs in the post's batch of writes, before
    # the comment has its key. Otherwise the comment is written first.
    writes_in_batch: bool

    def record(self, comment: Comment, draft: Draft, decision: Decision) -> None:
        """Keep the decision beside the saved comment."""


class PublishEverything:
    """The moderator when none is configured: every guarded comment is published."""

    writes_in_batch = True  # it writes nothing

    def closed_reason(self, thread_key: str) -> str:
        return ""

    def decide(self, draft: Draft) -> Decision:
        return Decision(Comment.Status.PUBLISHED, ("published by default",))

    def record(self, comment: Comment, draft: Draft, decision: Decision) -> None:
        return None


def moderator() -> Moderator:
    found: Moderator = plugins.instance(settings.GAZETTE_MODERATOR)
    return found


def clean_text(text: str) -> str:
    return _CONTROL.sub("", text.replace("\r\n", "\n")).strip()


def validate_text(text: str) -> dict[str, str]:
    limit = settings.GAZETTE_COMMENT_MAX_LENGTH
    if not text:
        return {"text": _("Write something before posting.")}
    if len(text) > limit:
        return {
            "text": _(
                "Comments can be at most %(limit)d characters; this one has %(n)d."
            )
            % {"limit": limit, "n": len(text)}
        }
    return {}


def validate(draft: Draft) -> None:
    """Stage 1: clean the fields and reject what cannot be posted."""
    draft.text = clean_text(draft.text)
    draft.author_name = " ".join(_CONTROL.sub("", draft.author_name).split())
    draft.author_email = draft.author_email.strip()
    errors = validate_text(draft.text)
    if draft.user is not None and draft.user.is_authenticated:
        shown = names.display_name(draft.user)
        if shown is None:
            errors["author_name"] = _(
                "Choose the name shown with your comments, on your account page."
            )
        draft.author_name = shown or ""
        draft.author_email = draft.user.email
    elif not draft.author_name:
        errors["author_name"] = _("Tell us your name; it is shown with your comment.")
    elif len(draft.author_name) > settings.GAZETTE_COMMENT_NAME_MAX_LENGTH:
        errors["author_name"] = _("Names can be at most %(limit)d characters.") % {
            "limit": settings.GAZETTE_COMMENT_NAME_MAX_LENGTH
        }
    elif names.name_taken(draft.author_name):
        errors["author_name"] = _(
            "A registered reader or the newsroom goes by that name: sign in to "
            "use it, or choose another."
        )
    if draft.author_email:
        try:
            validate_email(draft.author_email)
        except ValidationError:
            errors["author_email"] = _("That does not look like an e-mail address.")
    if errors:
        raise InvalidComment(_("The comment could not be posted."), errors=errors)


def guard(draft: Draft) -> None:
    """Stage 2: cheap spam signals. A filled honeypot field marks spam."""
    if draft.honeypot:
        draft.reasons.append("honeypot")


def decide(draft: Draft) -> Decision:
    """Stage 3: publish, hold or mark as spam."""
    if "honeypot" in draft.reasons:
        return Decision(Comment.Status.SPAM, tuple(draft.reasons), rule="honeypot")
    return moderator().decide(draft)
