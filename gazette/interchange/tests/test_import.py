"""Importing WordPress, Disqus and Isso exports: every reply under its parent."""

from __future__ import annotations

import hashlib
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from gazette.discussion.models import Comment, Thread
from gazette.interchange.errors import ImportFailed
from gazette.interchange.services import import_file
from gazette.interchange.tests import samples
from gazette.publishing.models import ArticlePage
from gazette.publishing.tests import factories

pytestmark = pytest.mark.django_db
S = Comment.Status


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def _by_origin() -> dict[str, Comment]:
    return {c.origin: c for c in Comment.objects.select_related("parent", "thread")}


def _parent_origin(comment: Comment) -> str | None:
    return comment.parent.origin if comment.parent else None


def test_wordpress_comments_keep_threading_status_and_votes(tmp_path: Path) -> None:
    summary = import_file("wxr", _write(tmp_path, "site.xml", samples.WXR))

    site = "wxr:harbour-notes.example:"
    found = _by_origin()
    reply, top, deeper = (found[site + n] for n in ("102", "101", "103"))
    assert _parent_origin(reply) == site + "101"
    assert _parent_origin(deeper) == site + "102"
    assert (top.depth, reply.depth, deeper.depth) == (0, 1, 2)
    assert reply.root == top
    assert deeper.root == top
    assert (top.upvotes, top.downvotes, top.score) == (5, 2, 3)
    assert found[site + "104"].status == S.SPAM
    assert deeper.status == S.PENDING
    assert reply.html == (
        "<p>I agree with Tomás.</p><p>Second paragraph,<br>\nwith a line break.</p>"
    )
    assert reply.text.startswith("I agree with Tomás.")
    assert reply.ip_hash
    assert "203.0.113.7" not in str(Comment.objects.values())
    assert reply.created_at.isoformat() == "2024-05-02T09:00:00+00:00"
    assert top.created_at.isoformat() == "2024-05-01T18:30:00+00:00"  # no GMT date
    assert summary.skipped == {"pingback": 1}
    assert summary.orphans == 1
    assert found[site + "201"].parent is None  # its parent is not in the file
    nameless = [c for o, c in found.items() if o.startswith(site + "h")]
    assert [c.status for c in nameless] == [S.DELETED]
    assert "\x0b" not in nameless[0].text
    thread = Thread.objects.get(
        url="https://harbour-notes.example/2024/05/sea-wall-again/"
    )
    assert thread.comment_count == 2  # published: 101 and 102
    assert Thread.objects.count() == 2  # the post without comments made none


def test_pingbacks_are_kept_when_asked(tmp_path: Path) -> None:
    import_file("wxr", _write(tmp_path, "site.xml", samples.WXR), pingbacks=True)

    assert Comment.objects.filter(author_name="Other Blog").exists()


def test_a_second_import_adds_nothing(tmp_path: Path) -> None:
    path = _write(tmp_path, "site.xml", samples.WXR)
    first = import_file("wxr", path)

    second = import_file("wxr", path)

    assert first.total == 6
    assert second.total == 0
    assert second.already == 6
    assert Comment.objects.count() == 6


def test_a_post_whose_slug_is_an_article_joins_its_thread(tmp_path: Path) -> None:
    article = factories.article(title="Sea wall")
    wxr = samples.WXR.replace("sea-wall-again", article.slug)

    import_file("wxr", _write(tmp_path, "site.xml", wxr))

    thread = Thread.objects.get(key=f"page-{article.pk}")
    assert thread.page_id == article.pk
    assert thread.comments.count() == 4


@pytest.mark.parametrize("declared", ["UTF-8", "ISO-8859-1"])
def test_odd_encodings_are_read(tmp_path: Path, declared: str) -> None:
    if declared == "UTF-8":  # one Windows-1252 byte in a UTF-8 file
        data = samples.WXR.encode("utf-8").replace(
            b"Ines Carvalho", "Inês Carvalho".encode("cp1252")
        )
    else:
        data = samples.WXR.replace("UTF-8", declared).encode("latin-1", "replace")

    import_file("wxr", _write(tmp_path, "site.xml", data))

    names = set(Comment.objects.values_list("author_name", flat=True))
    assert ("Inês Carvalho" if declared == "UTF-8" else "Ines Carvalho") in names
    assert "Tomás Rendell" in names


def test_disqus_posts_land_under_their_parents_and_threads(tmp_path: Path) -> None:
    summary = import_file("disqus", _write(tmp_path, "disqus.xml", samples.DISQUS))

    found = _by_origin()
    reply = found["disqus:9003"]
    assert _parent_origin(reply) == "disqus:9001"
    assert reply.thread.key == "harbour-post-12"  # the Disqus identifier
    assert reply.thread.url == "https://harbour.example/posts/12/"
    assert found["disqus:9004"].thread.key == "https://harbour.example/posts/13/"
    assert found["disqus:9002"].status == S.SPAM
    assert found["disqus:9004"].status == S.DELETED
    assert "onclick" not in reply.html
    assert "<script>" not in found["disqus:9001"].html
    assert summary.skipped == {"comment whose thread is not in the file": 1}
    assert Thread.objects.get(key="harbour-post-12").comment_count == 2


def test_isso_comments_come_with_their_tree(tmp_path: Path) -> None:
    path = samples.isso_database(tmp_path / "comments.db")

    import_file("isso", path)

    found = _by_origin()
    assert [found[f"isso:{n}"].depth for n in (1, 2, 3, 4)] == [0, 1, 2, 3]
    assert found["isso:4"].root == found["isso:1"]
    assert found["isso:1"].html == "<p>The <strong>old</strong> breakwater.</p>"
    assert (found["isso:1"].upvotes, found["isso:1"].downvotes) == (4, 1)
    assert found["isso:2"].author_name == "Anonymous"
    assert found["isso:2"].edited_at is not None
    assert found["isso:3"].status == S.DELETED
    assert found["isso:4"].status == S.PENDING
    assert found["isso:5"].thread.key == "/blog/gulls/"


def test_a_reply_whose_parent_comes_in_a_later_file_finds_it(tmp_path: Path) -> None:
    child, _parent = samples.WXR.split("<wp:comment>\n      <wp:comment_id>101", 1)
    first = child + "</item></channel></rss>"
    import_file("wxr", _write(tmp_path, "a.xml", first))
    orphan = Comment.objects.get(origin="wxr:harbour-notes.example:102")
    assert orphan.parent is None

    import_file("wxr", _write(tmp_path, "b.xml", samples.WXR))

    orphan.refresh_from_db()
    assert orphan.parent is not None
    assert orphan.parent.origin == "wxr:harbour-notes.example:101"
    assert orphan.depth == 1
    deeper = Comment.objects.get(origin="wxr:harbour-notes.example:103")
    assert (deeper.depth, deeper.root_id) == (2, orphan.parent.pk)


BROKEN = [
    ("wxr", samples.WXR.replace("</wp:comment_content>", "", 1), "line 30"),
    ("disqus", samples.DISQUS.replace('<thread dsq:id="7002">', "<thread", 1), "line"),
    ("gazette", '{"format": "gazette-comments", "version": 1}\n{"comment": ', "line 2"),
    ("gazette", '{"format": "gazette-comments", "version": 9}\n', "version 9"),
    ("isso", "not a database at all", "not an SQLite database"),
]


@pytest.mark.parametrize(("kind", "content", "message"), BROKEN)
def test_a_broken_file_imports_nothing_and_says_where(
    tmp_path: Path, kind: str, content: str, message: str
) -> None:
    import_file("disqus", _write(tmp_path, "ok.xml", samples.DISQUS))
    before = list(Comment.objects.values_list("pk", "status", "parent_id"))
    threads = Thread.objects.count()

    with pytest.raises(ImportFailed) as failed:
        import_file(kind, _write(tmp_path, "broken", content))

    assert message in str(failed.value)
    assert list(Comment.objects.values_list("pk", "status", "parent_id")) == before
    assert Thread.objects.count() == threads


def test_a_broken_file_stops_midway_with_nothing_written(tmp_path: Path) -> None:
    many = samples.DISQUS.replace(
        "</disqus>",
        "".join(
            f'<post dsq:id="x{n}"><message>m</message><author><name>n</name></author>'
            f'<thread dsq:id="7001" /></post>\n'
            for n in range(2500)
        )
        + "<post></disqus>",
    )

    with pytest.raises(ImportFailed):
        import_file("disqus", _write(tmp_path, "big.xml", many))

    assert not Comment.objects.exists()
    assert not Thread.objects.exists()


def test_the_command_reports_a_dry_run_and_writes_nothing(tmp_path: Path) -> None:
    out = StringIO()
    path = _write(tmp_path, "disqus.xml", samples.DISQUS)

    call_command(
        "import_comments", str(path), "--format", "disqus", "--dry-run", stdout=out
    )

    report = out.getvalue()
    assert "Dry run: nothing was written" in report
    assert "4 comments (1 deleted, 2 published, 1 spam), 2 new threads." in report
    assert "Skipped 1: comment whose thread is not in the file." in report
    assert not Comment.objects.exists()


def test_the_command_names_the_problem(tmp_path: Path) -> None:
    path = _write(tmp_path, "broken.xml", "<disqus>\n<thread>\n</disqus>")

    with pytest.raises(CommandError) as failed:
        call_command("import_comments", str(path), "--format", "disqus")

    assert "line 3" in str(failed.value)
    assert "Nothing was imported" in str(failed.value)


def test_a_file_with_a_doctype_is_refused(tmp_path: Path) -> None:
    bomb = samples.DISQUS.replace(
        '<?xml version="1.0" encoding="utf-8"?>',
        '<?xml version="1.0"?>\n<!DOCTYPE disqus [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    ).replace("Good news", "&b;")

    with pytest.raises(ImportFailed, match="DOCTYPE"):
        import_file("disqus", _write(tmp_path, "bomb.xml", bomb))

    assert not Comment.objects.exists()


def test_wordpress_posts_become_articles_with_their_comments(tmp_path: Path) -> None:
    section = factories.section(title="Archive")
    wxr = samples.WXR.replace(
        "<wp:post_name>sea-wall-again</wp:post_name>",
        "<wp:post_name>sea-wall-again</wp:post_name><wp:status>publish</wp:status>"
        "<wp:post_date_gmt>2024-05-01 08:00:00</wp:post_date_gmt>"
        "<content:encoded><![CDATA[The wall <strong>failed</strong>.\n\n"
        '<img src="x.jpg"><script>x()</script>Second.]]></content:encoded>',
    ).replace("<wp:post_name>tides</wp:post_name>", "<wp:status>draft</wp:status>")
    path = _write(tmp_path, "site.xml", wxr)
    out = StringIO()

    call_command(
        "import_comments",
        str(path),
        "--format",
        "wxr",
        "--articles",
        section.slug,
        stdout=out,
    )
    call_command(
        "import_comments",
        str(path),
        "--format",
        "wxr",
        "--articles",
        section.slug,
        stdout=StringIO(),
    )

    articles = {a.title: a for a in ArticlePage.objects.child_of(section)}
    assert set(articles) == {
        "The sea wall, again",
        "Tides",
        "A page nobody commented on",
    }
    wall = articles["The sea wall, again"]
    assert wall.live
    assert not articles["Tides"].live
    assert wall.published_at.isoformat() == "2024-05-01T08:00:00+00:00"
    body = str(wall.body[0].value)
    assert "<strong>failed</strong>" in body
    assert "img" not in body
    assert "script" not in body
    assert Thread.objects.get(key=f"page-{wall.pk}").comments.count() == 4
    assert "3 posts became articles." in out.getvalue()


def test_articles_need_a_section_that_exists(tmp_path: Path) -> None:
    path = _write(tmp_path, "site.xml", samples.WXR)

    with pytest.raises(CommandError, match="no section"):
        call_command("import_comments", str(path), "--format", "wxr", "--articles", "x")
    with pytest.raises(CommandError, match="WordPress"):
        call_command(
            "import_comments", str(path), "--format", "disqus", "--articles", "x"
        )


def test_a_thread_with_an_unusable_name_gets_the_same_key_every_time(
    tmp_path: Path,
) -> None:
    odd = "x" * 300  # too long for a thread key, as identifier and as ref
    disqus = samples.DISQUS.replace('dsq:id="7001"', f'dsq:id="{odd}"').replace(
        "<id>harbour-post-12</id>", f"<id>{odd}</id>"
    )
    path = _write(tmp_path, "odd.xml", disqus)

    import_file("disqus", path)
    key = Comment.objects.get(origin="disqus:9001").thread.key
    Comment.objects.all().delete()
    Thread.objects.all().delete()
    import_file("disqus", path)

    assert Comment.objects.get(origin="disqus:9001").thread.key == key
    # Derived from the name alone, not from hash(), which differs per process.
    assert key == "disqus-" + hashlib.sha256(odd.encode()).hexdigest()[:24]


@pytest.mark.parametrize("prefix", ["atom", "itunes", "georss", "x-odd.prefix"])
def test_any_undeclared_prefix_is_mended(tmp_path: Path, prefix: str) -> None:
    # WordPress.com exports of 2012 use <atom:link> without declaring atom.
    wxr = samples.WXR.replace(
        "<channel>",
        f'<channel>\n  <{prefix}:link rel="search" {prefix}:type="x" href="/s"/>',
    )

    summary = import_file("wxr", _write(tmp_path, "wordpress-com.xml", wxr))
    plain = import_file("wxr", _write(tmp_path, "plain.xml", samples.WXR))

    assert summary.total > 0
    assert plain.already == summary.total
