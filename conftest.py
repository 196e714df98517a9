"""Fixtures shared by every test: real data built through Gazette's own code."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth.models import Group, User
from django.test import Client

from tests.caches import clear_cache
from tests.mailbox import Mailbox

# The production profile's tests (tests/production) run the real processes on
# PostgreSQL and Redis; `.ci/run`'s second pass gives both, and so can you.
PRODUCTION_SERVICES = os.environ.get("DATABASE_URL", "").startswith(
    "postgres"
) and bool(os.environ.get("REDIS_URL"))
collect_ignore = [] if PRODUCTION_SERVICES else ["tests/production"]


def pytest_report_header() -> str:
    if PRODUCTION_SERVICES:
        return "production profile: tests/production runs on PostgreSQL and Redis"
    return (
        "production profile: tests/production is not collected in this pass; it "
        "needs DATABASE_URL=postgres://... and REDIS_URL (.ci/run's second pass)"
    )


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def editor(db: None) -> User:
    """A newsroom editor: a member of Wagtail's Editors group."""
    user = User.objects.create_user(
        "editor", "editor@newsroom.example", "editor-pass-1"
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def reader(db: None) -> User:
    """A signed-up reader with no staff rights, who chose a display name."""
    from gazette.readers.names import set_display_name

    user = User.objects.create_user("reader", "reader@example.org", "reader-pass-1")
    set_display_name(user, "Rita Reader")
    return user


@pytest.fixture
def article(db: None) -> Any:
    """A published article with an author, a hero image and two topics."""
    from gazette.publishing.tests import factories

    return factories.article(
        title="Harbour wall gives way",
        topics=["Flooding", "Harbour"],
        authors=[factories.author(name="Marta Ilves")],
        hero_image=factories.image(title="Flooded quay"),
    )


@pytest.fixture
def client() -> Client:
    return Client()


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
