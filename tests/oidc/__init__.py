"""A real OpenID provider for the tests: npm oidc-provider, started on loopback."""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("provider.mjs")
# Gazette's client at the provider, as GAZETTE_OIDC_PROVIDERS names it.
OIDC_APP = {
    "id": "testop",
    "name": "Test Provider",
    "client_id": "gazette",
    "secret": "gazette-test-secret",
}


@contextlib.contextmanager
def node_provider(port: int, redirect_uri: str) -> Iterator[str]:
    """Run the provider until the block ends; yield its issuer."""
    if not (ROOT / "node_modules" / "oidc-provider").is_dir():
        raise RuntimeError("oidc-provider is missing: run scripts/ensure-browser-deps")
    process = subprocess.Popen(
        ["node", str(SCRIPT), str(port), redirect_uri],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout is not None
        seen = []
        for line in process.stdout:
            seen.append(line)
            if line.strip() == "ready":
                break
        else:
            raise RuntimeError("the OpenID provider did not start:\n" + "".join(seen))
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
