"""Editors' picks: featured by a moderator, shown in the page, API, embed and feed."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from gazette.discussion.models import Comment
from gazette.discussion.tests import factories
from gazette.moderation import services
from gazette.moderation.models import AuditEntry, Policy

pytestmark = pytest.mark.django_db

KEY = "picks-thread"
API = f"/api/v1/threads/{KEY}/comments"
EMBED = f"/embed/threads/{KEY}"


def _feature(client: Client, *comments: Comment, action: str = "feature") -> Any:
    return client.post(
        reverse("moderation_act"),
        {"ids": [c.pk for c in comments], "action": action},
        follow=True,
    )


@pytest.fixture
def thread() -> dict[str, Comment]:
    first = factories.comment(thread_key=KEY, text="The ferry timetable changed twice.")
    second = factories.comment(thread_key=KEY, text="Night buses would fill the gap.")
    reply = factories.comment(
        thread_key=KEY, parent_id=first.pk, text="Twice in a month, too."
    )
    return {"first": first, "second": second, "reply": reply}


def test_a_moderator_features_comments_and_readers_see_the_picks(
    client: Client, moderator: User, thread: dict[str, Comment]
) -> None:
    client.force_login(moderator)
    done = _feature(client, thread["second"], thread["reply"])
    assert "Featured: 2 comment(s)." in done.content.decode()
    assert set(
        AuditEntry.objects.filter(action=AuditEntry.Action.FEATURED).values_list(
            "comment_id", flat=True
        )
    ) == {thread["second"].pk, thread["reply"].pk}

    reader = Client()
    picks = reader.get(API, {"sort": "featured"}).json()
    assert picks["sort"] == "featured"
    # Newest pick first; the reply stands alone and says whom it answers.
    assert [c["id"] for c in picks["comments"]] == [
        thread["reply"].pk,
        thread["second"].pk,
    ]
    assert all(c["featured"] and c["replies"] == [] for c in picks["comments"])
    assert picks["comments"][0]["reply_to"] == thread["first"].author_name

    everything = reader.get(API).json()["comments"]
    flags = {c["id"]: c["featured"] for c in everything}
    assert flags == {thread["second"].pk: True, thread["first"].pk: False}
    assert everything[-1]["replies"][0]["featured"] is True

    embed = reader.get(EMBED).content.decode()
    assert embed.count('class="comment__badge comment__badge--pick"') == 2
    assert 'data-sort="featured"' in embed  # the tab is there

    tab = reader.get(EMBED, {"sort": "featured"}).content.decode()
    assert "Night buses would fill the gap." in tab
    assert "The ferry timetable changed twice." not in tab

    feed = reader.get(f"/comments/feed/{KEY}").content.decode()
    assert feed.count('term="editors-pick"') == 2
    assert "Editors&#x27; pick: " in feed or "Editors' pick: " in feed


def test_picks_page_with_cursors_and_refuse_a_stranger_cursor(
    client: Client, moderator: User, thread: dict[str, Comment]
) -> None:
    client.force_login(moderator)
    _feature(client, *thread.values())
    first = Client().get(API, {"sort": "featured", "limit": "2"}).json()
    assert len(first["comments"]) == 2
    assert first["next_cursor"]
    rest = (
        Client()
        .get(
            API, {"sort": "featured", "limit": "2", "cursor": str(first["next_cursor"])}
        )
        .json()
    )
    seen = [c["id"] for c in first["comments"] + rest["comments"]]
    assert sorted(seen) == sorted(c.pk for c in thread.values())
    assert rest["next_cursor"] is None

    forged = Client().get(API, {"sort": "featured", "cursor": "WzEsMiwzXQ"})
    assert forged.status_code == 400
    assert forged.json()["errors"]["cursor"]


def test_no_picks_no_tab_and_a_reader_who_chose_it_gets_the_newest(
    thread: dict[str, Comment],
) -> None:
    reader = Client()
    reader.cookies["gazette_sort"] = "featured"
    page = reader.get(EMBED).content.decode()
    assert 'data-sort="featured"' not in page
    assert 'data-sort="newest"' in page  # the section's own order
    assert "Night buses would fill the gap." in page
    empty = reader.get(API, {"sort": "featured"}).json()
    assert empty["comments"] == []
    assert empty["sort"] == "featured"


def test_only_a_published_comment_can_be_featured(
    client: Client, moderator: User, thread: dict[str, Comment]
) -> None:
    Policy.objects.create(mode=Policy.Mode.ALL)
    held = factories.comment(thread_key=KEY, text="Waiting for a look.")
    assert held.status == "pending"
    client.force_login(moderator)

    done = _feature(client, held, thread["first"])

    assert "Only published comments can be featured." in done.content.decode()
    assert not Comment.objects.filter(featured_at__isnull=False).exists()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.FEATURED).exists()


def test_a_rejected_pick_leaves_the_picks_and_unfeaturing_is_audited(
    client: Client, moderator: User, thread: dict[str, Comment]
) -> None:
    client.force_login(moderator)
    _feature(client, thread["first"], thread["second"])
    services.comments_moderate(
        comment_ids=[thread["first"].pk], action="reject", moderator=moderator
    )
    picks = Client().get(API, {"sort": "featured"}).json()["comments"]
    assert [c["id"] for c in picks] == [thread["second"].pk]

    done = _feature(client, thread["second"], action="unfeature")
    assert "No longer featured: 1 comment(s)." in done.content.decode()
    assert Client().get(API, {"sort": "featured"}).json()["comments"] == []
    assert AuditEntry.objects.filter(action=AuditEntry.Action.UNFEATURED).count() == 1
    assert 'data-sort="featured"' not in Client().get(EMBED).content.decode()


def test_readers_and_editors_without_the_permission_cannot_feature(
    client: Client, thread: dict[str, Comment]
) -> None:
    reader = User.objects.create_user("reader", "r@example.org", "pass-1-long")
    client.force_login(reader)
    refused = client.post(
        reverse("moderation_act"), {"ids": [thread["first"].pk], "action": "feature"}
    )
    # Wagtail sends a reader without admin access to its login page.
    assert refused.status_code in (302, 403)
    assert refused.status_code == 403 or "/login/" in refused["Location"]
    assert not Comment.objects.filter(featured_at__isnull=False).exists()
