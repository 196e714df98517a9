"""A Redis server of a test's own, on a free loopback port."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

from tests.browser.server import free_port


@contextlib.contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """Start ``redis-server`` with nothing kept on disk; yield its URL."""
    port = free_port()
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1"]
    options = ["--save", "", "--appendonly", "no", "--dir", str(folder)]
    process = subprocess.Popen([*command, *options], stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)
