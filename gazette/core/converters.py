"""URL converters: an id in a path is ASCII digits that fit the database."""

from __future__ import annotations

from gazette.core.numbers import canonical_id


class IdConverter:
    """``<id:name>``: like ``<int:name>``, but an id past 2**63 - 1 (which the
    database cannot hold and would answer with an error) or with leading zeros
    matches nothing, so the request gets a 404."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        found = canonical_id(value)
        if found is None:
            raise ValueError(value)
        return found

    def to_url(self, value: int) -> str:
        return str(value)
