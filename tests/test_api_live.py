"""Schemathesis against a live Gazette server that the suite starts.

The demo newsroom is migrated and served by ``manage.py serve`` in a process
of its own, as ``make run`` serves it, and Schemathesis reaches it over
loopback HTTP: every operation with generated requests, valid and not, then
stateful runs that follow the document's OpenAPI links, so that votes,
reports, edits and deletions are tried on comments that exist. No answer
may be a 5xx or fall outside the document.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import given, settings
from schemathesis.core.result import Ok
from schemathesis.generation.modes import GenerationMode

from gazette.funding.tests.fake_stripe import (
    SECRET_KEY,
    WEBHOOK_SECRET,
    FakeStripeServer,
)
from tests.browser.server import running_server
from tests.schema_checks import CHECKS, HYPOTHESIS


@pytest.fixture(scope="module")
def live_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
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
        yield schemathesis.openapi.from_url(f"{url}/api/v1/openapi.json")


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


@pytest.mark.parametrize(
    ("paths", "expected"),
    [
        # Comments: posted, then read, voted on, reported, edited, deleted and
        # replied to through the links of the post's answer.
        ("^/api/v1/(threads|comments)/", ["/votes 200", "/flags 201", "PATCH"]),
        # Drives: listed, then read and given to by the slugs the list names.
        ("^/api/v1/drives", ["GET /api/v1/drives/{slug} 200", "/checkout"]),
    ],
)
def test_stateful_runs_reach_real_objects_and_find_no_server_error(
    live_schema: Any, paths: str, expected: list[str]
) -> None:
    reached: Counter[str] = Counter()
    schema = live_schema.include(path_regex=paths)
    schema.config.generation.update(modes=[GenerationMode.POSITIVE])

    class Machine(schema.as_state_machine()):  # type: ignore[misc]
        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            reached[f"{case.method} {case.operation.path} {response.status_code}"] += 1
            case.validate_response(response, checks=CHECKS)

    Machine.run(settings=settings(max_examples=40, stateful_step_count=6, **HYPOTHESIS))

    found = " ".join(reached)
    for step in expected:
        assert step in found, reached
