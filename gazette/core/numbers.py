"""The one parser for numbers that readers send: ids, page numbers, amounts.

Only ASCII digits count. ``str.isdigit`` also accepts superscripts, which
``int()`` then refuses with an error, and digits of other scripts, which
``int()`` reads as another spelling of the same number; both are refused
here, as are exponents (``1e100``), signs where none belongs, and values
past the bounds. Callers turn ``None`` into a 400 (or a 404 for an id in a
path) that says what was expected.
"""

from __future__ import annotations

import re
from decimal import Decimal

MAX_ID = 2**63 - 1  # the largest primary key either database stores
_INTEGER = re.compile(r"-?[0-9]{1,19}")
_DECIMAL = re.compile(r"(?P<whole>[0-9]{1,15})(?:\.(?P<part>[0-9]{1,2}))?")


def parse_int(raw: object, *, minimum: int, maximum: int) -> int | None:
    """``raw`` (an int, or text of ASCII digits) within the bounds, else None."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str) and _INTEGER.fullmatch(raw):
        value = int(raw)
    else:
        return None
    return value if minimum <= value <= maximum else None


def parse_id(raw: object) -> int | None:
    """A positive database id, or None."""
    return parse_int(raw, minimum=1, maximum=MAX_ID)


def canonical_id(raw: str) -> int | None:
    """An id written the one way Gazette writes it (no sign, no leading zero)."""
    value = parse_id(raw)
    return value if value is not None and str(value) == raw else None


def parse_amount(raw: object) -> Decimal | None:
    """A positive amount of money with at most two decimals, or None.

    Accepts what readers type (``25``, ``25.5``, ``1,000.00``) and numbers
    sent as JSON; never an exponent, a sign, or more than 15 whole digits.
    """
    if isinstance(raw, bool):
        return None
    text = str(raw).strip().replace(",", "") if isinstance(raw, int | str) else ""
    if isinstance(raw, float) and raw == raw and abs(raw) < 1e15:
        text = f"{raw:.2f}" if round(raw, 2) == raw else ""
    match = _DECIMAL.fullmatch(text)
    if match is None:
        return None
    amount = Decimal(text).quantize(Decimal("0.01"))
    return amount if amount > 0 else None
