"""The moderation queue in the Wagtail admin, as a moderator uses it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gazette.discussion.models import Comment
from gazette.discussion.tests import factories
from gazette.moderation import services
from gazette.moderation.models import AuditEntry, Ban, BannedTerm, Policy

pytestmark = pytest.mark.django_db
QUEUE = "/admin/moderation/"


@pytest.fixture
def mod_client(moderator: User) -> Client:
    client = Client()
    client.force_login(moderator)
    return client


def _held(n: int, **fields: Any) -> list[Comment]:
    Policy.objects.get_or_create(page=None, defaults={"mode": Policy.Mode.ALL})
    return [
        factories.posted(text=f"Held comment {i}.", **fields).comment for i in range(n)
    ]


def test_the_queue_shows_held_comments_in_context_with_history(
    mod_client: Client,
) -> None:
    parent = factories.posted(text="The original point.", author_name="Olga").comment
    factories.posted(text="Earlier remark.", author_name="Old Name", ip_hash="9" * 64)
    _held(1, parent_id=parent.pk, author_name="New Name", ip_hash="9" * 64)

    html = mod_client.get(QUEUE).content.decode()

    assert "Held comment 0." in html
    assert "In reply to Olga" in html
    assert "The original point." in html
    assert "policy: pre-moderate every comment" not in html  # rule is in the log
    assert "toxicity" in html
    assert "Old Name" in html  # another name from the same network
    assert 'aria-current="page">Pending <span class="mod-count">1<' in html


def test_a_shared_network_shows_the_strongest_signals_first_and_capped(
    mod_client: Client,
) -> None:
    """A university's network links hundreds of names; the browser comes first."""
    network = "7" * 64
    for i in range(40):
        factories.posted(
            text=f"Student remark {i}.", author_name=f"Student {i:02}", ip_hash=network
        )
    factories.posted(
        text="An earlier remark.", author_name="Old Me", reader="g:browser-1"
    )
    _held(1, author_name="New Me", ip_hash=network, reader="g:browser-1")

    html = mod_client.get(QUEUE).content.decode()

    browser = html.index('data-signal="browser"')
    shared = html.index('data-signal="network"')
    assert browser < shared
    assert "Old Me" in html[browser:shared]
    assert "and 35 more" in html[shared:]
    assert html.count("Student ") == 5


def test_the_queue_shows_the_kinds_of_harm(mod_client: Client) -> None:
    factories.posted(text="You are a pathetic lying moron.", confirmed=True)

    html = mod_client.get(QUEUE).content.decode()

    assert "Reads as" in html
    assert "personal attack" in html


def test_the_queue_is_ordered_by_priority(mod_client: Client) -> None:
    Policy.objects.create(mode=Policy.Mode.ALL)
    factories.posted(text="Mild remark about the budget.")
    factories.posted(text="You stupid idiot, nobody cares.", confirmed=True)

    html = mod_client.get(QUEUE).content.decode()

    assert html.index("You stupid idiot") < html.index("Mild remark")


def test_the_queue_costs_the_same_queries_for_few_or_many(mod_client: Client) -> None:
    _held(3, author_email="a@example.org")
    with CaptureQueriesContext(connection) as few:
        mod_client.get(QUEUE)
    _held(20, author_email="b@example.org", ip_hash="1" * 64)
    with CaptureQueriesContext(connection) as many:
        response = mod_client.get(QUEUE)

    assert response.content.decode().count('class="mod-item"') == 23
    assert len(many) == len(few)


@pytest.mark.parametrize(
    ("tab", "shown", "hidden"),
    [
        ("spam", "Spammy", "Fine one"),
        ("published", "Fine one", "Spammy"),
        ("reported", "Reported one", "Fine one"),
        ("rejected", "Nothing", "Fine one"),
    ],
)
def test_each_tab_lists_its_comments(
    mod_client: Client, tab: str, shown: str, hidden: str
) -> None:
    factories.posted(text="Fine one")
    factories.posted(text="Spammy", honeypot="x")
    reported = factories.posted(text="Reported one").comment
    services.flag_create(comment_id=reported.pk, reporter="g:1", reason="spam")

    html = mod_client.get(f"{QUEUE}?tab={tab}").content.decode()

    if shown != "Nothing":
        assert shown in html
    else:
        assert "Nothing here." in html
    assert hidden not in html


def test_search_finds_comments_of_any_status(mod_client: Client) -> None:
    factories.posted(text="Needle in the haystack", honeypot="x")
    factories.posted(text="Just hay")

    html = mod_client.get(f"{QUEUE}?q=needle").content.decode()

    assert "Needle in the haystack" in html
    assert "Just hay" not in html


def test_bulk_approve_then_the_log_shows_who(
    mod_client: Client, moderator: User
) -> None:
    comments = _held(3)

    response = mod_client.post(
        f"{QUEUE}act/",
        {"ids": [c.pk for c in comments[:2]], "action": "approve", "next": QUEUE},
    )

    assert response.status_code == 302
    statuses = sorted(Comment.objects.values_list("status", flat=True))
    assert statuses == ["pending", "published", "published"]
    log = mod_client.get(f"{QUEUE}audit/").content.decode()
    assert "Approved" in log
    assert "mod" in log
    assert "pipeline" in log
    assert AuditEntry.objects.filter(actor=moderator).count() == 2


def test_a_bad_action_is_reported_not_crashed(mod_client: Client) -> None:
    comment = _held(1)[0]

    response = mod_client.post(
        f"{QUEUE}act/", {"ids": [comment.pk], "action": "explode"}, follow=True
    )

    assert response.status_code == 200
    assert "Choose approve, reject or spam." in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == "pending"


def test_banning_from_the_queue(mod_client: Client) -> None:
    comment = _held(1, author_email="troll@example.org", ip_hash="7" * 64)[0]
    url = f"{QUEUE}ban/{comment.pk}/"

    form = mod_client.get(url)
    bad = mod_client.post(url, {"kinds": ["email"], "days": "forever"})
    for days in ("9" * 30, "\u00b2", "-3", "1e3"):
        refused = mod_client.post(url, {"kinds": ["email"], "days": days})
        assert refused.status_code == 400, days
    done = mod_client.post(url, {"kinds": ["email", "ip"], "days": "0", "spam": "1"})

    assert form.status_code == 200
    assert bad.status_code == 400
    assert done.status_code == 302
    assert set(Ban.objects.values_list("kind", "expires_at")) == {
        ("email", None),
        ("ip", None),
    }
    comment.refresh_from_db()
    assert comment.status == "spam"


def test_only_moderators_reach_the_queue(editor: User) -> None:
    comment = _held(1)[0]
    client = Client()
    client.force_login(editor)

    page = client.get(QUEUE)
    act = client.post(f"{QUEUE}act/", {"ids": [comment.pk], "action": "approve"})

    # Wagtail turns "permission denied" into a redirect to the dashboard.
    assert (page.status_code, page["Location"]) == (302, "/admin/")
    assert (act.status_code, act["Location"]) == (302, "/admin/")
    comment.refresh_from_db()
    assert comment.status == "pending"
    assert Client().get(QUEUE)["Location"].startswith("/admin/login/")


def test_moderators_can_edit_banned_words_but_not_articles(
    mod_client: Client, article: Any
) -> None:
    listing = mod_client.get("/admin/snippets/moderation/bannedterm/")
    added = mod_client.post(
        "/admin/snippets/moderation/bannedterm/add/", {"term": "blorf*"}
    )
    edit_article = mod_client.get(f"/admin/pages/{article.pk}/edit/")

    assert listing.status_code == 200
    assert added.status_code == 302
    assert BannedTerm.objects.get().term == "blorf*"
    assert edit_article.status_code == 302
    assert edit_article["Location"] == "/admin/"


def test_an_editor_closes_comments_on_an_article(editor: User, article: Any) -> None:
    client = Client()
    client.force_login(editor)
    url = "/admin/snippets/moderation/policy/add/"

    bad = client.post(url, {"page": article.pk, "hold_threshold": "2"})
    added = client.post(url, {"page": article.pk, "comments_closed": "true"})
    again = client.post(url, {"page": article.pk, "mode": "all"})

    assert bad.status_code == 200  # the form again, with the error
    assert added.status_code == 302
    assert again.status_code == 200  # one policy per page
    assert Policy.objects.get().comments_closed is True
    assert "Comments are closed" in client.get(article.url).content.decode()


def test_an_editor_chooses_the_kinds_of_harm_a_section_allows(
    editor: User, article: Any
) -> None:
    client = Client()
    client.force_login(editor)
    url = "/admin/snippets/moderation/policy/add/"

    form = client.get(url).content.decode()
    both = client.post(url, {"page": article.pk, "allowed_kinds": ["none", "attack"]})
    added = client.post(
        url, {"page": article.pk, "allowed_kinds": ["profanity", "sexual"]}
    )

    assert 'type="checkbox" name="allowed_kinds" value="personal_info"' in form
    assert "profanity aimed at no one" in form
    assert both.status_code == 200  # "None" goes alone
    assert added.status_code == 302
    assert sorted(Policy.objects.get().allowed_kinds or []) == ["profanity", "sexual"]
    edit = client.get(
        f"/admin/snippets/moderation/policy/edit/{Policy.objects.get().pk}/"
    ).content.decode()
    ticked = set(re.findall(r'<input[^>]*value="(\w+)"[^>]*checked', edit))
    assert {"profanity", "sexual"} <= ticked
    assert "attack" not in ticked


@pytest.mark.parametrize(
    "junk",
    [
        ["nonsense"],
        ["\x00"],
        ["9" * 10_000],
        ["\uff41\uff54\uff54\uff41\uff43\uff4b"],
        [""],
    ],
)
def test_a_policy_form_refuses_kinds_that_do_not_exist(
    editor: User, article: Any, junk: list[str]
) -> None:
    client = Client()
    client.force_login(editor)

    response = client.post(
        "/admin/snippets/moderation/policy/add/",
        {"page": article.pk, "allowed_kinds": junk},
    )

    assert response.status_code == 200  # the form again, with the error
    assert not Policy.objects.exists()


def test_approving_a_reported_comment_clears_it_from_the_reported_tab(
    mod_client: Client,
) -> None:
    comment = factories.posted(text="Disputed but fair.").comment
    services.flag_create(comment_id=comment.pk, reporter="g:1", reason="off_topic")
    assert (
        "Disputed but fair." in mod_client.get(f"{QUEUE}?tab=reported").content.decode()
    )

    mod_client.post(f"{QUEUE}act/", {"ids": [comment.pk], "action": "approve"})

    assert (
        "Disputed but fair."
        not in mod_client.get(f"{QUEUE}?tab=reported").content.decode()
    )
    comment.refresh_from_db()
    assert comment.status == "published"


def test_an_author_with_rejections_comes_first(
    mod_client: Client, moderator: User
) -> None:
    Policy.objects.create(mode=Policy.Mode.ALL)
    rough = {
        "author_email": "rough@example.org",
        "proven_emails": {"rough@example.org"},
    }
    past = factories.posted(text="Earlier rant.", **rough)
    services.comments_moderate(
        comment_ids=[past.comment.pk], action="reject", moderator=moderator
    )
    factories.posted(text="A first careful remark.", author_email="new@example.org")
    factories.posted(text="Another remark, later.", **rough)

    html = mod_client.get(QUEUE).content.decode()

    assert html.index("Another remark, later.") < html.index("A first careful remark.")


def test_rule_changes_in_the_admin_are_in_the_audit_log(
    mod_client: Client, moderator: User
) -> None:
    mod_client.post("/admin/snippets/moderation/bannedterm/add/", {"term": "blorf"})
    mod_client.post(
        "/admin/snippets/moderation/ban/add/",
        {"kind": "email", "value": "troll@example.org", "reason": "threats"},
    )
    ban = Ban.objects.get()
    mod_client.post(f"/admin/snippets/moderation/ban/delete/{ban.pk}/")

    entries = list(
        AuditEntry.objects.filter(actor=moderator)
        .order_by("pk")
        .values_list("action", "rule")
    )
    assert entries == [
        ("rules", "banned word or phrase added: blorf"),
        ("banned", "ban added: E-mail address: troll@example.org"),
        ("unbanned", "ban deleted: E-mail address: troll@example.org"),
    ]
