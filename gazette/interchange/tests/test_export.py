"""Exports: Gazette JSON Lines round-trips exactly; WXR goes back to WordPress."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from gazette.discussion import inline
from gazette.discussion.models import Comment, InlineQuestion, Thread
from gazette.discussion.tests import factories as comments
from gazette.interchange.exporters import export_json, export_wxr
from gazette.interchange.services import import_file
from gazette.interchange.tests import samples
from gazette.publishing.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom(tmp_path: Path) -> None:
    """Imported comments of three kinds, and comments written here."""
    (tmp_path / "site.xml").write_text(samples.WXR, encoding="utf-8")
    (tmp_path / "disqus.xml").write_text(samples.DISQUS, encoding="utf-8")
    import_file("wxr", tmp_path / "site.xml")
    import_file("disqus", tmp_path / "disqus.xml")
    import_file("isso", samples.isso_database(tmp_path / "isso.db"))
    article = factories.article(
        body=[{"type": "paragraph", "value": "<p>The tide came in fast.</p>"}]
    )
    top = comments.comment(
        thread_key=f"page-{article.pk}",
        text="On *the* tide.",
        author_email="reader@example.org",
        anchor=inline.anchor_for_quote(article, "tide came in"),
    )
    comments.comment(thread_key=f"page-{article.pk}", parent_id=top.pk, text="Yes.")
    Comment.objects.filter(pk=top.pk).update(upvotes=2, downvotes=1, score=1)


def _export() -> str:
    out = StringIO()
    export_json(out)
    return out.getvalue()


def _empty() -> None:
    InlineQuestion.objects.all().delete()
    Comment.objects.all().delete()
    Thread.objects.all().delete()


def test_an_export_imported_into_an_empty_site_exports_the_same(
    newsroom: None, tmp_path: Path
) -> None:
    first = _export()
    count = Comment.objects.count()
    shape = sorted(
        Comment.objects.values_list("author_name", "depth", "status", "thread__key")
    )
    _empty()
    (tmp_path / "export.jsonl").write_text(first, encoding="utf-8")

    summary = import_file("gazette", tmp_path / "export.jsonl")

    assert summary.total == count
    assert _export() == first
    assert (
        sorted(
            Comment.objects.values_list("author_name", "depth", "status", "thread__key")
        )
        == shape
    )


def test_the_json_format_is_versioned_and_keeps_what_matters(newsroom: None) -> None:
    lines = [json.loads(line) for line in _export().splitlines()]

    assert lines[0] == {"format": "gazette-comments", "version": 1}
    by_text = {
        line["comment"]["text"]: line["comment"] for line in lines if "comment" in line
    }
    on_tide = by_text["On *the* tide."]
    assert on_tide["ref"].startswith("gazette:")
    assert on_tide["anchor"]["selector"][0]["exact"] == "tide came in"
    assert (on_tide["upvotes"], on_tide["downvotes"]) == (2, 1)
    assert on_tide["author_email"] == "reader@example.org"
    assert by_text["Yes."]["parent"] == on_tide["ref"]
    assert by_text["Agreed."]["parent"] == "isso:1"


def test_wxr_export_goes_back_into_wordpress_shape(
    newsroom: None, tmp_path: Path
) -> None:
    out = StringIO()
    written = export_wxr(out)
    shape = sorted(
        Comment.objects.values_list("author_name", "depth", "status", "upvotes")
    )
    _empty()
    (tmp_path / "back.xml").write_text(out.getvalue(), encoding="utf-8")

    summary = import_file("wxr", tmp_path / "back.xml")

    assert summary.total == written
    assert (
        sorted(Comment.objects.values_list("author_name", "depth", "status", "upvotes"))
        == shape
    )


def test_the_command_writes_the_file(newsroom: None, tmp_path: Path) -> None:
    target = tmp_path / "all.jsonl"
    err = StringIO()

    call_command("export_comments", str(target), "--format", "json", stderr=err)

    assert target.read_text(encoding="utf-8") == _export()
    assert f"{Comment.objects.count():,} comments written" in err.getvalue()
