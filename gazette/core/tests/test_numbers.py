"""The one parser for readers' numbers: ASCII digits within bounds, or nothing."""

from __future__ import annotations

import re
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from gazette.core import numbers


@given(st.one_of(st.text(max_size=40), st.integers(), st.floats(), st.booleans()))
def test_an_integer_is_ascii_digits_within_bounds_or_none(raw: object) -> None:
    found = numbers.parse_int(raw, minimum=-5, maximum=10**6)

    if found is not None:
        assert -5 <= found <= 10**6
        assert isinstance(raw, int) or re.fullmatch(r"-?[0-9]+", str(raw))


@given(st.text(max_size=40))
def test_an_id_is_positive_and_fits_the_database(raw: str) -> None:
    found = numbers.parse_id(raw)

    if found is not None:
        assert 1 <= found <= numbers.MAX_ID
        assert raw.isascii()


@given(st.one_of(st.text(max_size=40), st.floats(), st.integers(), st.decimals()))
def test_an_amount_is_positive_with_two_decimals_or_none(raw: object) -> None:
    found = numbers.parse_amount(raw)

    if found is not None:
        assert found > 0
        assert found == found.quantize(Decimal("0.01"))
        assert found < Decimal(10) ** 15


def test_what_readers_type_is_read() -> None:
    assert numbers.parse_amount("1,000.5") == Decimal("1000.50")
    assert numbers.parse_amount(25) == Decimal("25.00")
    assert numbers.parse_amount(25.5) == Decimal("25.50")
    assert numbers.parse_int("-1", minimum=-1, maximum=1) == -1
    assert numbers.canonical_id("10") == 10


def test_other_spellings_are_refused() -> None:
    for raw in ("1e100", "\u00b2", "\u0661\u0660", "+1", "0x10", "1_000", "NaN"):
        assert numbers.parse_int(raw, minimum=0, maximum=10**9) is None, raw
        assert numbers.parse_amount(raw) is None, raw
    assert numbers.parse_int(" 1", minimum=0, maximum=9) is None
    assert numbers.canonical_id("0010") is None
    assert numbers.parse_id(str(2**63)) is None
