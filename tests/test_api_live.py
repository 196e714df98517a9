"""Schemathesis against a live Gazette server that the suite starts.

The demo newsroom is migrated and served by ``manage.py serve`` in a process
of its own, as ``make run`` serves it, and Schemathesis reaches it over
loopback HTTP: every operation with generated requests, valid and not, then
stateful runs that follow the document's OpenAPI links, so that votes,
reports, edits and deletions are tried on comments that exist. No answer
may be a 5xx or fall outside the document.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import schemathesis
import yaml
from hypothesis import given, settings
from schemathesis.core.result import Ok

from gazette.funding.tests.fake_stripe import (
    SECRET_KEY,
    WEBHOOK_SECRET,
    FakeStripeServer,
)
from tests.browser.server import ROOT, SERVER_KEY, running_server
from tests.schema_checks import CHECKS, HYPOTHESIS


@pytest.fixture(scope="module")
def live_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder: Path = tmp_path_factory.mktemp("live-api")
    with (
        FakeStripeServer() as stripe,
        running_server(
            folder,
            STRIPE_SECRET_KEY=SECRET_KEY,
            STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
            STRIPE_API_BASE=stripe.base_url,
            GAZETTE_RATELIMIT_ENABLED="false",
        ) as url,
    ):
        yield url


@pytest.fixture(scope="module")
def live_schema(live_url: str) -> Any:
    return schemathesis.openapi.from_url(f"{live_url}/api/v1/openapi.json")


def test_every_operation_answers_generated_requests_within_its_schema(
    live_schema: Any,
) -> None:
    seen: Counter[str] = Counter()
    for result in live_schema.get_all_operations():
        assert isinstance(result, Ok), result
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=25, **HYPOTHESIS)
        def call(case: Any) -> None:
            response = case.call_and_validate(checks=CHECKS)
            seen[f"{case.method} {response.status_code}"] += 1

        call()

    assert seen["POST 201"] > 0  # comments were posted, not only refused


def _stateful_run(url: str, folder: Path, paths: str) -> tuple[int, str, Counter[str]]:
    """Schemathesis's stateful phase from the command line, with its report.

    Its engine, not a bare Hypothesis state machine: the server keeps what
    earlier steps did, which the engine allows for.
    """
    cassette = folder / "stateful.yaml"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "schemathesis.cli",
            "run",
            f"{url}/api/v1/openapi.json",
            "--include-path-regex",
            paths,
            "--phases",
            "stateful",
            "--checks",
            "not_a_server_error,response_schema_conformance,content_type_conformance",
            "--max-examples",
            "60",
            "--seed",
            "1",
            "--workers",
            "1",
            "--report",
            "vcr",
            "--report-vcr-path",
            str(cassette),
        ],
        env={
            **os.environ,
            "SCHEMATHESIS_HOOKS": "tests.schemathesis_hooks",
            "GAZETTE_LIVE_SERVER_KEY": SERVER_KEY,
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    reached: Counter[str] = Counter()
    recorded = yaml.safe_load(cassette.read_text()) if cassette.exists() else {}
    for interaction in recorded.get("http_interactions") or []:
        path = urlsplit(interaction["request"]["uri"]).path
        shape = re.sub(r"/comments/\d+", "/comments/{id}", path)
        code = interaction["response"]["status"]["code"]
        reached[f"{interaction['request']['method']} {shape} {code}"] += 1
    return done.returncode, done.stdout + done.stderr, reached


@pytest.mark.parametrize(
    ("paths", "expected"),
    [
        # Comments: posted, then read, voted on, reported, edited, deleted and
        # replied to through the links of the post's answer. (A reader's own
        # part of a thread, …/mine, links nowhere: the fuzz above tries it.)
        (
            "^/api/v1/(threads|comments)/(?!.*/mine$)",
            ["/votes 200", "PATCH /api/v1/comments/{id} 200", "/flags"],
        ),
        # Drives: listed, then read and given to by the slugs the list names.
        ("^/api/v1/drives", ["GET /api/v1/drives/harbour-desk 200", "/checkout"]),
    ],
)
def test_stateful_runs_follow_the_links_to_real_objects_and_find_no_error(
    live_url: str, tmp_path: Path, paths: str, expected: list[str]
) -> None:
    code, output, reached = _stateful_run(live_url, tmp_path, paths)

    assert code == 0, output[-4000:]
    found = " ".join(reached)
    for step in expected:
        assert step in found, (step, reached)
