"""Inline feedback: comments and questions on passages, found again after edits."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gazette.discussion import inline
from gazette.discussion.models import Comment, InlineQuestion, Thread
from gazette.discussion.tests import factories as comments
from gazette.publishing.models import ArticlePage
from gazette.publishing.tests import factories
from tests.stamps import stamp

FIRST = (
    "<p>Seawater poured through a forty-metre breach in the harbour wall shortly "
    "after 2 a.m. on Tuesday, flooding streets across the district.</p>"
)
SECOND = (
    "<p>The breach opened during the <b>highest tide of the year</b>, pushed "
    "higher still by a gale. By dawn the water had reached the fish market.</p>"
)
TIDE = "highest tide of the year"


@pytest.fixture
def story(db: None) -> ArticlePage:
    return factories.article(
        title="Sea wall breach",
        body=[
            {"type": "paragraph", "value": FIRST},
            {"type": "paragraph", "value": SECOND},
        ],
    )


def _key(page: ArticlePage) -> str:
    return f"page-{page.pk}"


def _blocks(page: ArticlePage) -> list[str]:
    page.refresh_from_db()
    return [str(block.id) for block in page.body]


def _republish(page: ArticlePage, *paragraphs: tuple[str | None, str]) -> None:
    """Publish a new version: (block id or None for a new block, its HTML)."""
    page.refresh_from_db()
    page.body = [
        {"type": "paragraph", "value": html, **({"id": bid} if bid else {})}
        for bid, html in paragraphs
    ]
    page.save_revision().publish()


def _post(client: Client, page: ArticlePage, **payload: Any) -> Any:
    payload.setdefault("author_name", "Ana")
    payload.setdefault("text", "About this passage.")
    payload.setdefault("rendered", stamp())
    return client.post(
        f"/api/v1/threads/{_key(page)}/comments",
        payload,
        content_type="application/json",
    )


def _on(page: ArticlePage, quote: str, **fields: Any) -> Comment:
    return comments.comment(
        thread_key=_key(page), anchor=inline.anchor_for_quote(page, quote), **fields
    )


def _where(comment: Comment) -> tuple[str, int, int] | None:
    comment.refresh_from_db()
    if comment.passage is None:
        return None
    quote, position = comment.passage["selector"]
    return quote["exact"], position["start"], position["end"]


def test_a_passage_comment_is_kept_where_the_words_are(
    client: Client, story: ArticlePage
) -> None:
    block = _blocks(story)[1]
    text = "The breach opened during the highest tide of the year, pushed"
    start = text.index(TIDE)
    anchor = {
        "block": block,
        "selector": [
            {"type": "TextQuoteSelector", "exact": TIDE, "prefix": "during the "},
            {"type": "TextPositionSelector", "start": start, "end": start + len(TIDE)},
        ],
    }

    response = _post(client, story, anchor=anchor)

    assert response.status_code == 201, response.content
    assert response.json()["comment"]["passage"] == {
        "quote": TIDE,
        "block": block,
        "start": start,
        "end": start + len(TIDE),
        "question": None,
    }
    assert _where(Comment.objects.get()) == (TIDE, start, start + len(TIDE))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"exact": "lowest tide of the year"}, "not in the article"),
        ({"block": "no-such-block"}, "not in the article"),
        ({"exact": ""}, "empty"),
    ],
)
def test_a_passage_that_is_not_in_the_article_is_refused(
    client: Client, story: ArticlePage, change: dict[str, str], message: str
) -> None:
    anchor = inline.anchor_for_quote(story, TIDE)
    anchor["block"] = change.get("block", anchor["block"])
    anchor["selector"][0]["exact"] = change.get("exact", TIDE)

    response = _post(client, story, anchor=anchor)

    assert response.status_code == 400
    assert message in response.json()["errors"]["anchor"]
    assert not Comment.objects.exists()


def test_replies_and_passage_with_question_are_refused(
    client: Client, story: ArticlePage
) -> None:
    anchor = inline.anchor_for_quote(story, TIDE)
    parent = comments.comment(thread_key=_key(story))
    question = inline.question_save(
        inline.QuestionDraft(page=story, quote=TIDE, text="Were you there?")
    )

    reply = _post(client, story, anchor=anchor, parent_id=parent.pk)
    both = _post(client, story, anchor=anchor, question_id=question.pk)

    assert reply.status_code == both.status_code == 400
    assert "Replies cannot point" in reply.json()["errors"]["anchor"]
    assert "not both" in both.json()["errors"]["anchor"]
    assert Comment.objects.count() == 1


def test_publishing_an_edit_finds_the_passage_again(story: ArticlePage) -> None:
    first, second = _blocks(story)
    comment = _on(story, TIDE)
    before = _where(comment)
    version = Thread.objects.get(key=_key(story)).version

    _republish(story, (first, FIRST), (second, "<p>UPDATE: " + SECOND[3:]))

    assert before is not None
    assert _where(comment) == (TIDE, before[1] + 8, before[2] + 8)
    assert Thread.objects.get(key=_key(story)).version > version


def test_reworded_words_are_found_by_a_fuzzy_match(story: ArticlePage) -> None:
    first, second = _blocks(story)
    comment = _on(story, TIDE)

    _republish(story, (first, FIRST), (second, SECOND.replace("the year", "this year")))

    found = _where(comment)
    assert found is not None
    assert "highest tide of this year" in found[0]
    assert comment.anchor is not None
    assert comment.anchor["selector"][0]["exact"] == TIDE  # as the reader chose it


def test_a_removed_passage_is_on_an_earlier_version_until_it_returns(
    client: Client, story: ArticlePage
) -> None:
    first, second = _blocks(story)
    comment = _on(story, TIDE)

    _republish(story, (first, FIRST), (second, "<p>Repairs start in January.</p>"))
    gone = client.get(f"/api/v1/threads/{_key(story)}/passages").json()
    thread = client.get(f"/api/v1/threads/{_key(story)}/comments").json()

    assert _where(comment) is None
    assert gone["passages"] == []
    assert [(p["quote"], p["count"]) for p in gone["earlier"]] == [(TIDE, 1)]
    assert thread["comments"][0]["passage"]["block"] is None

    _republish(story, (first, FIRST), (second, SECOND))
    assert _where(comment) is not None


def test_words_moved_to_another_paragraph_are_followed(story: ArticlePage) -> None:
    first, _second = _blocks(story)
    comment = _on(story, TIDE)

    _republish(story, (first, FIRST[:-4] + " It was the " + TIDE + ".</p>"))

    found = _where(comment)
    assert found is not None
    assert found[0] == TIDE
    assert comment.passage is not None
    assert comment.passage["block"] == first


def test_passages_are_grouped_counted_and_cost_three_queries(
    client: Client, story: ArticlePage, django_assert_num_queries: Any
) -> None:
    _on(story, TIDE, author_email="ana@example.org")
    _on(story, TIDE)
    _on(story, "forty-metre breach")
    question = inline.question_save(
        inline.QuestionDraft(page=story, quote="fish market", text="Open today?")
    )
    comments.comment(thread_key=_key(story), question_id=question.pk)
    comments.comment(thread_key=_key(story))  # not inline
    url = f"/api/v1/threads/{_key(story)}/passages"

    with django_assert_num_queries(3):  # thread, questions, comments; cache miss
        response = client.get(url)
    body = response.json()
    with django_assert_num_queries(1):  # the thread's version, then the cache
        assert client.get(url).json() == body

    counts = {p["quote"]: (p["count"], bool(p["question"])) for p in body["passages"]}
    assert counts == {
        TIDE: (2, False),
        "forty-metre breach": (1, False),
        "fish market": (1, True),
    }
    assert "example.org" not in response.content.decode()


def test_the_inline_filter_shows_only_comments_on_passages(
    client: Client, story: ArticlePage
) -> None:
    on_passage = _on(story, TIDE, text="On the tide.")
    comments.comment(thread_key=_key(story), text="About the whole story.")
    api = f"/api/v1/threads/{_key(story)}/comments"

    only = client.get(api, {"filter": "inline"}).json()
    bad = client.get(api, {"filter": "votes"})
    page = client.get(story.url, {"comments": "inline"}).content.decode()

    assert [c["id"] for c in only["comments"]] == [on_passage.pk]
    assert bad.status_code == 400
    assert "filter" in bad.json()["errors"]
    assert "On the tide." in page
    assert "About the whole story." not in page
    assert f"<q>{TIDE}</q>" in page


def test_answers_go_to_open_questions_of_the_same_article(
    client: Client, story: ArticlePage
) -> None:
    other = factories.article(body=[{"type": "paragraph", "value": FIRST}])
    question = inline.question_save(
        inline.QuestionDraft(page=story, quote=TIDE, text="Were you there?")
    )
    elsewhere = inline.question_save(
        inline.QuestionDraft(page=other, quote="forty-metre breach", text="Seen it?")
    )

    answered = _post(client, story, question_id=question.pk)
    wrong = _post(client, story, question_id=elsewhere.pk)
    question.is_open = False
    question.save()
    closed = _post(client, story, question_id=question.pk)

    assert answered.status_code == 201
    assert answered.json()["comment"]["passage"]["question"] == "Were you there?"
    assert wrong.status_code == closed.status_code == 400
    assert "closed" in closed.json()["detail"]
    assert Comment.objects.count() == 1


@pytest.fixture
def editor_client(editor: User) -> Client:
    client = Client()
    client.force_login(editor)
    return client


def _ask(client: Client, page: ArticlePage, passage: str, text: str = "Why?") -> Any:
    return client.post(
        "/admin/inline_questions/new/",
        {"page": page.pk, "passage": passage, "text": text, "is_open": "on"},
    )


def test_an_editor_asks_a_question_on_a_passage(
    editor_client: Client, story: ArticlePage
) -> None:
    response = _ask(editor_client, story, f"  {TIDE} ", "Were you on the quay?")

    assert response.status_code == 302
    question = InlineQuestion.objects.get()
    assert question.quote == TIDE
    assert question.thread.key == _key(story)
    assert question.passage == question.anchor


@pytest.mark.parametrize(
    ("passage", "error"),
    [
        ("lowest tide", "not in the article"),
        ("the", "appear"),
        ("", "required"),
    ],
)
def test_a_question_on_words_not_found_once_is_refused(
    editor_client: Client, story: ArticlePage, passage: str, error: str
) -> None:
    response = _ask(editor_client, story, passage)

    assert response.status_code == 200
    assert error in response.content.decode()
    assert not InlineQuestion.objects.exists()


def test_an_answered_question_cannot_be_deleted(
    editor_client: Client, story: ArticlePage
) -> None:
    question = inline.question_save(
        inline.QuestionDraft(page=story, quote=TIDE, text="Were you there?")
    )
    comments.comment(thread_key=_key(story), question_id=question.pk)

    response = editor_client.post(f"/admin/inline_questions/delete/{question.pk}/")

    assert response.status_code == 302
    assert InlineQuestion.objects.filter(pk=question.pk).exists()


def test_readers_cannot_reach_the_questions(client: Client, reader: User) -> None:
    client.force_login(reader)

    assert client.get("/admin/inline_questions/").status_code in (302, 403)
