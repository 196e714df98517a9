"""Write transactions: queued on SQLite, and safe to nest in commit hooks."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth.models import Group
from django.db import connection, transaction

from gazette.core.db import write_transaction


@pytest.mark.django_db(transaction=True)
def test_a_commit_hook_may_write_again() -> None:
    """Hooks run before the writer's locks are released; they must not deadlock."""

    def hook() -> None:
        with write_transaction():
            Group.objects.create(name="written by the hook")

    def write() -> None:
        try:
            with write_transaction():
                Group.objects.create(name="written first")
                transaction.on_commit(hook)
        finally:
            connection.close()

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    writer.join(timeout=20)

    assert not writer.is_alive(), "the commit hook's write waited on its own lock"
    assert set(
        Group.objects.filter(name__startswith="written").values_list("name", flat=True)
    ) == {"written first", "written by the hook"}
