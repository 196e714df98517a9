"""The pluggable parts a setting names by dotted path (a moderator, a scorer)."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.utils.module_loading import import_string


@cache
def instance(path: str) -> Any:
    """One shared instance of the class at ``path``, made on first use."""
    return import_string(path)()
