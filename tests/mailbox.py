"""What the tests' real SMTP server (aiosmtpd) received."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from typing import Any


@dataclass
class Mailbox:
    """What the SMTP server received."""

    messages: list[Message] = field(default_factory=list)
    port: int = 0  # where it listens, when a test started it for a server

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"

    def wait_for(self, address: str, containing: str, *, seconds: float = 30) -> str:
        """The text of the first mail to ``address`` with ``containing`` in it,
        once it arrives (a server under test sends it from another process)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for message in list(self.messages):
                body = text_of(message)
                if message["To"] == address and containing in body:
                    return body
            time.sleep(0.2)
        raise AssertionError(f"no mail to {address} with {containing!r}")


def text_of(message: Message) -> str:
    """The plain-text part of a received mail."""
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            payload: Any = part.get_payload(decode=True)
            return str(payload.decode())
    return ""
