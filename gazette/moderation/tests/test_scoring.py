"""The bundled toxicity model and the optional Perspective adapter."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest

from gazette.core import plugins
from gazette.discussion.tests import factories
from gazette.moderation.models import AuditEntry
from gazette.moderation.scoring import LinearScorer, features
from gazette.moderation.scoring.perspective import PerspectiveScorer


@pytest.fixture(scope="module")
def model() -> LinearScorer:
    return LinearScorer()


@pytest.mark.parametrize(
    "text",
    [
        "You are a pathetic moron.",
        "shut up you stupid idiot",
        "Those people are vermin and should be deported.",
        "u r such a l0ser lol",
    ],
)
def test_abuse_scores_high(model: LinearScorer, text: str) -> None:
    assert model.score(text) >= 0.5


@pytest.mark.parametrize(
    "text",
    [
        "I disagree with the council's budget for the harbour.",
        "The Muslim community centre opens its doors to everyone on Sunday.",
        "Gay and lesbian couples marched in the parade downtown.",
        "Thanks for the thorough reporting on the flood.",
    ],
)
def test_civil_comments_score_low_even_when_they_name_groups(
    model: LinearScorer, text: str
) -> None:
    assert model.score(text) < 0.5


def test_the_nudge_points_at_the_offending_words(model: LinearScorer) -> None:
    assert "moron" in model.flagged("You absolute moron, read the article.")
    assert model.flagged("A calm and reasoned reply.") == []


def test_normalizing_undoes_look_alikes_and_stretching() -> None:
    words = features.words("Y0u  r a L0SER, sooooo stupid!!! @bob http://x.example/y")

    assert words == ["you", "r", "a", "loser", "soo", "stupid"]


class FakePerspective(BaseHTTPRequestHandler):
    """Google's Perspective API, as far as Gazette uses it."""

    received: list[dict[str, Any]] = []
    reply: Any = None

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakePerspective.received.append({"path": self.path, "body": body})
        if FakePerspective.reply is None:
            self.send_response(503)
            self.end_headers()
            return
        data = json.dumps(FakePerspective.reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        return None


@pytest.fixture
def perspective() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), FakePerspective)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakePerspective.received = []
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_perspective_scores_come_from_the_api(perspective: str) -> None:
    FakePerspective.reply = {
        "attributeScores": {"TOXICITY": {"summaryScore": {"value": 0.91}}}
    }
    scorer = PerspectiveScorer(api_key="k", base_url=perspective)

    assert scorer.score("some text") == pytest.approx(0.91)
    sent = FakePerspective.received[0]
    assert sent["path"] == "/v1alpha1/comments:analyze?key=k"
    assert sent["body"]["comment"]["text"] == "some text"
    assert sent["body"]["doNotStore"] is True


def test_perspective_down_falls_back_to_the_local_model(perspective: str) -> None:
    FakePerspective.reply = None
    scorer = PerspectiveScorer(api_key="k", base_url=perspective)

    assert scorer.score("You are a pathetic moron.") >= 0.5
    assert scorer.score("Thanks for the report.") < 0.5


def test_perspective_needs_a_key(settings: Any) -> None:
    settings.GAZETTE_PERSPECTIVE_API_KEY = ""

    with pytest.raises(Exception, match="GAZETTE_PERSPECTIVE_API_KEY"):
        PerspectiveScorer()


@pytest.fixture
def perspective_in_background(perspective: str, settings: Any) -> Iterator[None]:
    settings.GAZETTE_TOXICITY_BACKGROUND_SCORER = (
        "gazette.moderation.scoring.perspective.PerspectiveScorer"
    )
    settings.GAZETTE_PERSPECTIVE_API_KEY = "k"
    settings.GAZETTE_PERSPECTIVE_API_BASE = perspective
    plugins.instance.cache_clear()
    yield
    plugins.instance.cache_clear()


@pytest.mark.django_db
@pytest.mark.usefixtures("perspective_in_background")
@pytest.mark.parametrize(("verdict", "status"), [(0.97, "pending"), (0.1, "published")])
def test_the_background_scorer_holds_what_it_finds_abusive(
    django_capture_on_commit_callbacks: Any, verdict: float, status: str
) -> None:
    FakePerspective.reply = {
        "attributeScores": {"TOXICITY": {"summaryScore": {"value": verdict}}}
    }

    with django_capture_on_commit_callbacks(execute=True):
        comment = factories.posted(text="Subtle, polite-sounding cruelty.").comment

    comment.refresh_from_db()
    assert comment.status == status
    assert FakePerspective.received[0]["body"]["comment"]["text"] == comment.text
    held = AuditEntry.objects.filter(comment=comment, system="background scorer")
    assert held.exists() is (status == "pending")
    if status == "pending":
        assert held.get().rule.startswith("perspective attack ")
