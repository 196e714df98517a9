"""Inline feedback anchors: W3C Web Annotation selectors, and finding them again.

An anchor names a passage of an article the way the W3C Web Annotation model
does, inside one StreamField block::

    {"block": "<block id>",
     "selector": [
        {"type": "TextQuoteSelector", "exact": "gave way", "prefix": "wall ",
         "suffix": " at the"},
        {"type": "TextPositionSelector", "start": 31, "end": 39}]}

When an editor changes the article, ``anchor_locate`` finds the passage again
in the block's new text: the exact quote (the prefix, suffix and old position
choose between repeats), else the closest fuzzy match. ``None`` means the
passage is gone: the comment is "on an earlier version", never lost.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from django.utils.translation import gettext as _

from gazette.discussion.errors import InvalidComment

MAX_QUOTE = 1000
MAX_CONTEXT = 64
CONTEXT = 32  # characters of prefix and suffix kept with a passage
MAX_BLOCK_ID = 64
FUZZY_MIN_RATIO = 0.75
MAX_OFFSET = 10_000_000  # no paragraph is longer


@dataclass(frozen=True)
class Anchor:
    block: str
    exact: str
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None

    def as_json(self) -> dict[str, Any]:
        selectors: list[dict[str, Any]] = [
            {
                "type": "TextQuoteSelector",
                "exact": self.exact,
                "prefix": self.prefix,
                "suffix": self.suffix,
            }
        ]
        if self.start is not None and self.end is not None:
            selectors.append(
                {"type": "TextPositionSelector", "start": self.start, "end": self.end}
            )
        return {"block": self.block, "selector": selectors}


@dataclass(frozen=True)
class Located:
    start: int
    end: int
    exact: bool  # False: found by a fuzzy match, the text has changed


def _invalid(message: str) -> InvalidComment:
    return InvalidComment(_("The anchor is not valid."), errors={"anchor": message})


def _text(value: Any, limit: int, name: str) -> str:
    if not isinstance(value, str) or len(value) > limit:
        raise _invalid(
            _("%(name)s must be text of at most %(limit)d characters.")
            % {"name": name, "limit": limit}
        )
    return value


def anchor_parse(raw: Any) -> Anchor:
    """The anchor in ``raw``, checked; raises InvalidComment saying what is wrong."""
    if not isinstance(raw, dict):
        raise _invalid(_("Send an object with a block and selectors."))
    block = _text(raw.get("block"), MAX_BLOCK_ID, "block")
    selectors = raw.get("selector")
    if not block or not isinstance(selectors, list):
        raise _invalid(_("Name the block and give a list of selectors."))
    quote = next(
        (
            s
            for s in selectors
            if isinstance(s, dict) and s.get("type") == "TextQuoteSelector"
        ),
        None,
    )
    if quote is None:
        raise _invalid(_("A TextQuoteSelector is required."))
    exact = _text(quote.get("exact"), MAX_QUOTE, "exact")
    if not exact.strip():
        raise _invalid(_("The quoted passage is empty."))
    position = next(
        (
            s
            for s in selectors
            if isinstance(s, dict) and s.get("type") == "TextPositionSelector"
        ),
        {},
    )
    start, end = position.get("start"), position.get("end")
    if position and not (
        type(start) is int and type(end) is int and 0 <= start < end <= MAX_OFFSET
    ):
        raise _invalid(_("A TextPositionSelector needs 0 ≤ start < end."))
    return Anchor(
        block=block,
        exact=exact,
        prefix=_text(quote.get("prefix", ""), MAX_CONTEXT, "prefix"),
        suffix=_text(quote.get("suffix", ""), MAX_CONTEXT, "suffix"),
        start=start if position else None,
        end=end if position else None,
    )


def _context_score(anchor: Anchor, text: str, at: int) -> tuple[int, int]:
    """How well the text around ``at`` matches the anchor: more is better."""
    before = text[max(0, at - len(anchor.prefix)) : at]
    after = text[at + len(anchor.exact) : at + len(anchor.exact) + len(anchor.suffix)]
    matched = int(bool(anchor.prefix) and before == anchor.prefix) + int(
        bool(anchor.suffix) and after == anchor.suffix
    )
    distance = abs(at - anchor.start) if anchor.start is not None else 0
    return matched, -distance


def anchor_locate(anchor: Anchor, text: str, *, fuzzy: bool = True) -> Located | None:
    """Where the anchored passage is in ``text`` (its block's plain text) now."""
    found = []
    at = text.find(anchor.exact)
    while at != -1:
        found.append(at)
        at = text.find(anchor.exact, at + 1)
    if found:
        best = max(found, key=lambda at: _context_score(anchor, text, at))
        return Located(best, best + len(anchor.exact), exact=True)
    return _fuzzy(anchor, text) if fuzzy else None


def anchor_at(block: str, text: str, start: int, end: int) -> Anchor:
    """The anchor for ``text[start:end]``, with fresh context and position."""
    return Anchor(
        block=block,
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
        start=start,
        end=end,
    )


def _fuzzy(anchor: Anchor, text: str) -> Located | None:
    """The run of whole words most like the quote, if it is like enough."""
    size = len(anchor.exact)
    if not text or size == 0:
        return None
    starts = [0] + [i + 1 for i, char in enumerate(text) if char.isspace()]
    ends = [i for i in range(1, len(text) + 1) if i == len(text) or text[i].isspace()]
    best: tuple[float, int, int] = (0.0, 0, 0)
    for start in starts:
        for end in ends[bisect_left(ends, start + int(size * 0.7)) :]:
            if end - start > size * 1.3:
                break
            ratio = SequenceMatcher(
                None, anchor.exact, text[start:end], autojunk=False
            ).ratio()
            if ratio > best[0]:
                best = (ratio, start, end)
    ratio, start, end = best
    return Located(start, end, exact=False) if ratio >= FUZZY_MIN_RATIO else None
