"""Fixtures for moderation: a moderator, policies, a real SMTP server."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth.models import Group, User


@pytest.fixture
def moderator(db: None) -> User:
    """A member of the "Comment moderators" group, made by the migration."""
    user = User.objects.create_user("mod", "mod@newsroom.example", "mod-pass-1")
    user.groups.add(Group.objects.get(name="Comment moderators"))
    return user


@dataclass
class Mailbox:
    """What the SMTP server received."""

    messages: list[Message] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def mailbox(settings: Any) -> Iterator[Mailbox]:
    """A real SMTP server on loopback; Django sends mail to it."""
    box = Mailbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    try:
        yield box
    finally:
        controller.stop()
