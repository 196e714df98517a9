"""A stand-in for the ASGI application behind a layer under test."""

from __future__ import annotations

from typing import Any


class Recorder:
    """Records each request passed on to it, and answers 299 ``django``."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.calls.append(scope["path"])
        await send({"type": "http.response.start", "status": 299, "headers": []})
        await send({"type": "http.response.body", "body": b"django"})
