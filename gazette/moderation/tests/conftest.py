"""Fixtures for moderation: a moderator."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User


@pytest.fixture
def moderator(db: None) -> User:
    """A member of the "Comment moderators" group, made by the migration."""
    user = User.objects.create_user("mod", "mod@newsroom.example", "mod-pass-1")
    user.groups.add(Group.objects.get(name="Comment moderators"))
    return user
