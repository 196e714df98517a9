"""Write transactions that behave well on SQLite's single writer."""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

# SQLite lets one connection write at a time. Writers that collide wait in
# SQLite's busy handler, which sleeps in growing steps (1, 2, 5, 10 … 100 ms)
# even after the lock is free. Gazette queues its writers first: threads of a
# process on a Python lock, processes on an flock() of a file beside the
# database; both wake the next writer the moment the lock is released.
# PostgreSQL needs none of this.
_thread_lock = threading.Lock()
_lock_files: dict[str, int] = {}
# Set while this thread holds the locks. Commit hooks run after the atomic
# block has ended but before the locks are released; a hook that writes
# (through write_transaction) must not queue behind its own thread.
_holding = threading.local()


def _process_lock_fd(database: str) -> int:
    fd = _lock_files.get(database)
    if fd is None:
        fd = os.open(f"{database}.write-lock", os.O_RDWR | os.O_CREAT, 0o600)
        _lock_files[database] = fd
    return fd


@contextmanager
def write_transaction() -> Iterator[None]:
    """``transaction.atomic()``, with writers queued on SQLite."""
    name = str(connection.settings_dict["NAME"])
    if (
        connection.vendor != "sqlite"
        or connection.in_atomic_block
        or ":memory:" in name
        or getattr(_holding, "locks", False)
    ):
        with transaction.atomic():
            yield
        return
    with _thread_lock:
        fd = _process_lock_fd(name)
        fcntl.flock(fd, fcntl.LOCK_EX)
        _holding.locks = True
        try:
            with transaction.atomic():
                yield
        finally:
            _holding.locks = False
            fcntl.flock(fd, fcntl.LOCK_UN)
