"""The posting pipeline, read top to bottom: validate → guard → decide → save.

``services.comment_create`` runs these stages in order. Each stage adds its
reasons to the draft, so a moderator can later see why a comment was held.
``decide`` is the seam moderation plugs into (``GAZETTE_MODERATION_DECIDER``);
until then every comment that passes the guard is published.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from gazette.discussion.errors import InvalidComment
from gazette.discussion.models import Comment

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class Draft:
    """A comment on its way through the pipeline."""

    text: str
    author_name: str
    author_email: str = ""
    user: Any = None
    honeypot: str = ""
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Decision:
    status: str
    reasons: tuple[str, ...] = ()


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
        draft.author_name = draft.user.get_full_name() or draft.user.get_username()
        draft.author_email = draft.user.email
    elif not draft.author_name:
        errors["author_name"] = _("Tell us your name; it is shown with your comment.")
    elif len(draft.author_name) > settings.GAZETTE_COMMENT_NAME_MAX_LENGTH:
        errors["author_name"] = _("Names can be at most %(limit)d characters.") % {
            "limit": settings.GAZETTE_COMMENT_NAME_MAX_LENGTH
        }
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


def publish_everything(draft: Draft) -> Decision:
    """The default decider: publish (moderation replaces it)."""
    return Decision(Comment.Status.PUBLISHED, ("published by default",))


def decide(draft: Draft) -> Decision:
    """Stage 3: publish, hold or mark as spam."""
    if "honeypot" in draft.reasons:
        return Decision(Comment.Status.SPAM, tuple(draft.reasons))
    decider: Callable[[Draft], Decision] = import_string(
        settings.GAZETTE_MODERATION_DECIDER
    )
    return decider(draft)
