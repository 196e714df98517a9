"""Inline feedback anchors: checked on the way in, found again after edits."""

from __future__ import annotations

from typing import Any

import pytest

from gazette.discussion.anchors import Anchor, anchor_locate, anchor_parse
from gazette.discussion.errors import InvalidComment
from gazette.discussion.models import Comment

TEXT = (
    "A forty-metre section of the harbour wall gave way at the year's highest "
    "tide. By dawn the wall gave way again further east."
)


def _anchor(exact: str, **fields: Any) -> Anchor:
    return Anchor(block="b1", exact=exact, **fields)


def test_a_w3c_anchor_round_trips() -> None:
    raw = _anchor("gave way", prefix="wall ", suffix=" at", start=42, end=50).as_json()

    assert anchor_parse(raw) == _anchor(
        "gave way", prefix="wall ", suffix=" at", start=42, end=50
    )
    assert [s["type"] for s in raw["selector"]] == [
        "TextQuoteSelector",
        "TextPositionSelector",
    ]


@pytest.mark.parametrize(
    "raw",
    [
        "a string",
        {"selector": []},
        {"block": "b1", "selector": "nope"},
        {
            "block": "b1",
            "selector": [{"type": "TextPositionSelector", "start": 1, "end": 2}],
        },
        {"block": "b1", "selector": [{"type": "TextQuoteSelector", "exact": "  "}]},
        {
            "block": "b1",
            "selector": [{"type": "TextQuoteSelector", "exact": "x" * 1001}],
        },
        {
            "block": "b1",
            "selector": [
                {"type": "TextQuoteSelector", "exact": "wall"},
                {"type": "TextPositionSelector", "start": 9, "end": 3},
            ],
        },
    ],
)
def test_bad_anchors_are_refused_with_a_reason(raw: Any) -> None:
    with pytest.raises(InvalidComment) as refused:
        anchor_parse(raw)

    assert refused.value.errors["anchor"]


def test_the_exact_quote_is_found_and_repeats_are_told_apart() -> None:
    first = anchor_locate(_anchor("gave way", prefix="wall ", suffix=" at"), TEXT)
    second = anchor_locate(_anchor("gave way", suffix=" again"), TEXT)

    assert first is not None
    assert second is not None
    assert TEXT[first.start : first.end] == "gave way"
    assert first.exact
    assert second.start > first.start
    assert TEXT[second.end : second.end + 6] == " again"


def test_an_edited_passage_is_found_by_a_fuzzy_match() -> None:
    anchor = _anchor("section of the harbour wall gave way", start=14, end=50)
    edited = TEXT.replace("harbour wall gave way", "harbour walls gave way")

    found = anchor_locate(anchor, edited)

    assert found is not None
    assert not found.exact
    assert "harbour walls gave way" in edited[found.start : found.end + 4]


def test_a_rewritten_passage_is_on_an_earlier_version() -> None:
    anchor = _anchor("section of the harbour wall gave way")

    assert (
        anchor_locate(anchor, "The council met on Tuesday to discuss budgets.") is None
    )


@pytest.mark.django_db
def test_posting_keeps_a_valid_anchor_and_refuses_a_bad_one(client: Any) -> None:
    anchor = _anchor("gave way", prefix="wall ", start=42, end=50).as_json()

    good = client.post(
        "/api/v1/threads/anchored/comments",
        {"text": "About this passage.", "author_name": "Ana", "anchor": anchor},
        content_type="application/json",
    )
    bad = client.post(
        "/api/v1/threads/anchored/comments",
        {"text": "About nothing.", "author_name": "Ana", "anchor": {"quote": "x"}},
        content_type="application/json",
    )

    assert good.status_code == 201
    assert Comment.objects.get().anchor == anchor
    assert bad.status_code == 400
    assert "anchor" in bad.json()["errors"]
