"""A framed script's requests, in a browser that keeps no third-party cookie.

What the script keeps it sends in headers. The browser keeps only the frame's
partitioned cookie (CHIPS), and only when ``partitioned``: browsers that
support it keep it even where they block third-party cookies.
"""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

FRAME_COOKIE = "gazette_frame"


class Frame:
    def __init__(self, *, partitioned: bool = False) -> None:
        self.headers: dict[str, str] = {"X-Gazette-Session": "new"}
        self.partitioned = partitioned
        self.jar: dict[str, str] = {}

    def call(self, method: str, path: str, body: Any = None) -> Any:
        client = Client()  # a new one each time: no other cookie survives
        for name, value in self.jar.items():
            client.cookies[name] = value
        response = client.generic(
            method,
            path,
            json.dumps(body) if body is not None else "",
            content_type="application/json",
            headers=self.headers,
        )
        if "X-Gazette-Session" in response:
            self.headers["X-Gazette-Session"] = response["X-Gazette-Session"] or "new"
        kept = response.cookies.get(FRAME_COOKIE)
        if self.partitioned and kept is not None:
            if kept["max-age"] == 0:
                self.jar.pop(FRAME_COOKIE, None)
            else:
                self.jar[FRAME_COOKIE] = kept.value
        return response

    def reload(self) -> None:
        """The embedding page is loaded again: the script's memory is gone."""
        self.headers = {"X-Gazette-Session": "new"}

    def me(self) -> Any:
        return self.call("GET", "/api/v1/readers/me")
