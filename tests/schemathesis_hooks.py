"""Schemathesis hooks for the live-server run (``SCHEMATHESIS_HOOKS``).

A generated post gets what the comment form always sends, a reader's name and
the form's genuine time stamp, so comments are published and the OpenAPI links
from them (votes, reports, edits, replies) lead to real comments; everything
else stays generated.
"""

from __future__ import annotations

import os
from typing import Any

import schemathesis

from tests.stamps import stamp


@schemathesis.hook
def before_call(context: Any, case: Any, **kwargs: Any) -> None:
    posting = case.method == "POST" and case.path.endswith("/comments")
    if posting and isinstance(case.body, dict):
        case.body["rendered"] = stamp(key=os.environ["GAZETTE_LIVE_SERVER_KEY"])
        if not str(case.body.get("author_name", "")).strip():
            case.body["author_name"] = "Generated reader"
