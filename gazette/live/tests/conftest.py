"""A Redis server of the live tests' own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.redis_server import redis_server


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Redis server of the test's own, on a free loopback port."""
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url
