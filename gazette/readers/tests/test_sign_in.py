"""Signing in by mail: a link and a code, good once, for a few minutes."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gazette.readers.models import Profile, SignInRequest
from tests.mailbox import Mailbox, text_of

pytestmark = pytest.mark.django_db
ANA = "ana@example.org"


def _ask(client: Client, mailbox: Mailbox, email: str = ANA) -> tuple[str, str]:
    """Ask for a sign-in mail; the link's path and the code it holds."""
    before = len(mailbox.messages)
    response = client.post("/account/sign-in/", {"email": email})
    assert response.status_code == 200, response.content
    assert len(mailbox.messages) == before + 1
    body = text_of(mailbox.messages[-1])
    link = re.search(r"https?://[^/\s]+(/account/sign-in/[^/\s]+/)", body)
    code = re.search(r"\b(\d{6})\b", body)
    assert link, body
    assert code, body
    return link.group(1), code.group(1)


def _signed_in_as(client: Client) -> str | None:
    me = client.get("/api/v1/readers/me")
    return json.loads(me.content)["email"] if me.status_code == 200 else None


def _code(client: Client, code: str, email: str = ANA) -> Any:
    return client.post("/account/sign-in/code/", {"email": email, "code": code})


def test_the_mail_holds_a_link_and_a_code_and_says_so(
    client: Client, mailbox: Mailbox
) -> None:
    link, code = _ask(client, mailbox)
    [mail] = mailbox.messages

    assert mail["To"] == ANA
    body = text_of(mail)
    assert "15 minutes" in body
    assert "only the newest mail works" in body
    assert code in str(mail["Subject"])
    # Only hashes are kept: neither the link's token nor the code is stored.
    token = link.rstrip("/").rsplit("/", 1)[1]
    stored = " ".join(str(v) for v in SignInRequest.objects.values().get().values())
    assert token not in stored
    assert code not in stored


def test_opening_the_link_asks_first_and_only_its_post_signs_in(
    client: Client, mailbox: Mailbox
) -> None:
    link, _ = _ask(client, mailbox)
    scanner = Client()

    page = scanner.get(link)
    assert page.status_code == 200
    assert ANA in page.content.decode()
    assert _signed_in_as(scanner) is None
    assert not User.objects.filter(email=ANA).exists()

    other_browser = Client()
    signed = other_browser.post(link)
    assert signed.status_code == 302
    assert signed["Location"] == "/account/"
    assert _signed_in_as(other_browser) == ANA
    address = EmailAddress.objects.get(email=ANA)
    assert address.verified
    assert address.primary
    assert not address.user.has_usable_password()

    again = Client().post(link)
    assert again.status_code == 400
    assert "wrong, used or expired" in again.content.decode()
    assert Client().get(link).status_code == 400


def test_the_code_signs_in_where_it_is_typed_once(
    client: Client, mailbox: Mailbox
) -> None:
    _link, code = _ask(client, mailbox)

    signed = _code(client, f" {code[:3]} {code[3:]} ")
    assert signed.status_code == 302
    assert _signed_in_as(client) == ANA
    assert User.objects.filter(email=ANA).count() == 1

    elsewhere = Client()
    assert _code(elsewhere, code).status_code == 400
    assert _signed_in_as(elsewhere) is None


def test_a_second_sign_in_reaches_the_same_account(
    client: Client, mailbox: Mailbox
) -> None:
    _link, code = _ask(client, mailbox)
    _code(client, code)
    first = User.objects.get(email=ANA)

    later = Client()
    _link, code = _ask(later, mailbox, ANA.upper())
    assert _code(later, code, ANA.upper()).status_code == 302

    assert User.objects.filter(email__iexact=ANA).count() == 1
    assert json.loads(later.get("/api/v1/readers/me").content)["id"] == first.pk


def test_a_code_takes_five_tries_then_waits_for_a_new_one(
    client: Client, mailbox: Mailbox
) -> None:
    _link, code = _ask(client, mailbox)
    wrong = f"{(int(code) + 1) % 10**6:06d}"

    answers = [_code(client, wrong) for _ in range(5)]
    assert [a.status_code for a in answers] == [400] * 5
    assert "4 tries left" in answers[0].content.decode()
    assert "last try" in answers[4].content.decode()

    past = _code(client, code)
    assert past.status_code == 429
    assert 0 < int(past["Retry-After"]) <= 15 * 60
    assert _signed_in_as(client) is None

    _link, fresh = _ask(client, mailbox)
    assert _code(client, fresh).status_code == 302


def test_a_new_mail_retires_the_last_one(client: Client, mailbox: Mailbox) -> None:
    old_link, old_code = _ask(client, mailbox)
    new_link, _ = _ask(client, mailbox)

    assert _code(client, old_code).status_code == 400
    assert Client().post(old_link).status_code == 400
    assert Client().post(new_link).status_code == 302


def test_an_expired_link_or_code_signs_no_one_in(
    client: Client, mailbox: Mailbox
) -> None:
    link, code = _ask(client, mailbox)
    SignInRequest.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    assert Client().post(link).status_code == 400
    assert _code(client, code).status_code == 400
    assert not User.objects.exists()


def test_known_and_unknown_addresses_get_the_same_answer(
    client: Client, mailbox: Mailbox
) -> None:
    User.objects.create(username="known", email="known@example.org")

    known = client.post("/account/sign-in/", {"email": "known@example.org"})
    unknown = client.post("/account/sign-in/", {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 200
    strip = re.compile(
        r'known@example.org|nobody@example.org|(value|nonce|data-since)="[^"]+"'
    )
    assert strip.sub("", known.content.decode()) == strip.sub(
        "", unknown.content.decode()
    )
    assert len(mailbox.messages) == 2


def test_staff_addresses_are_never_opened_by_a_mailed_code(
    client: Client, mailbox: Mailbox, editor: User
) -> None:
    _link, code = _ask(client, mailbox, editor.email)

    refused = _code(client, code, editor.email)

    assert refused.status_code == 400
    assert "staff account" in refused.content.decode()
    assert _signed_in_as(client) is None
    assert not EmailAddress.objects.exists()


def test_sign_in_mails_are_rate_limited_per_address_and_network(
    client: Client, mailbox: Mailbox, settings: Any
) -> None:
    settings.GAZETTE_RATELIMIT_SIGN_IN_EMAIL = "2/3600"
    settings.GAZETTE_RATELIMIT_SIGN_IN_IP = "5/3600"  # refused asks count too

    same = [client.post("/account/sign-in/", {"email": ANA}) for _ in range(3)]
    assert [r.status_code for r in same] == [200, 200, 429]
    assert int(same[2]["Retry-After"]) > 0
    others = [
        client.post("/account/sign-in/", {"email": f"r{n}@example.org"})
        for n in range(3)
    ]
    assert [r.status_code for r in others] == [200, 200, 429]
    assert len(mailbox.messages) == 4


def test_sign_out_and_sign_out_everywhere(client: Client, mailbox: Mailbox) -> None:
    _link, code = _ask(client, mailbox)
    _code(client, code)
    phone = Client()
    _link, code = _ask(phone, mailbox)
    _code(phone, code)
    assert _signed_in_as(phone) == ANA

    ended = client.post("/account/sign-out/everywhere/")
    assert ended.status_code == 302
    assert _signed_in_as(client) is None
    assert _signed_in_as(phone) is None

    _link, code = _ask(client, mailbox)
    _code(client, code)
    assert client.post("/account/sign-out/").status_code == 302
    assert _signed_in_as(client) is None


def test_the_account_page_needs_a_signed_in_reader(
    client: Client, mailbox: Mailbox
) -> None:
    away = client.get("/account/")
    assert away.status_code == 302
    assert away["Location"].startswith("/account/sign-in/")

    _link, code = _ask(client, mailbox)
    _code(client, code)
    page = client.get("/account/")
    assert page.status_code == 200
    assert ANA in page.content.decode()


def test_after_signing_in_a_reader_goes_back_where_they_were_never_away(
    client: Client, mailbox: Mailbox
) -> None:
    _link, code = _ask(client, mailbox)
    first = client.post(
        "/account/sign-in/code/",
        {"email": ANA, "code": code, "next": "/city/some-article/"},
    )
    # A new account chooses its name first, then goes on.
    assert first["Location"] == "/account/?next=%2Fcity%2Fsome-article%2F"
    named = client.post(
        "/account/name/", {"display_name": "Ana B.", "next": "/city/some-article/"}
    )
    assert named["Location"] == "/city/some-article/"
    client.post("/account/sign-out/")

    _link, code = _ask(client, mailbox)
    back = client.post(
        "/account/sign-in/code/",
        {"email": ANA, "code": code, "next": "/city/some-article/"},
    )
    assert back["Location"] == "/city/some-article/"

    for target in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        _link, code = _ask(client, mailbox)
        away = client.post(
            "/account/sign-in/code/", {"email": ANA, "code": code, "next": target}
        )
        assert away["Location"] == "/account/"


# The API


def _api(client: Client, path: str, body: Any) -> Any:
    return client.post(
        f"/api/v1/readers/{path}", json.dumps(body), content_type="application/json"
    )


def test_the_api_signs_in_by_code_and_out(client: Client, mailbox: Mailbox) -> None:
    assert client.get("/api/v1/readers/me").status_code == 401

    sent = _api(client, "sign-in", {"email": ANA})
    assert sent.status_code == 202
    code = re.search(r"\b(\d{6})\b", text_of(mailbox.messages[-1]))
    assert code

    wrong = _api(client, "sign-in/code", {"email": ANA, "code": "12345x"})
    assert wrong.status_code == 400
    assert json.loads(wrong.content)["code"] == "sign_in"

    signed = _api(client, "sign-in/code", {"email": ANA, "code": code.group(1)})
    assert signed.status_code == 200
    assert json.loads(signed.content)["email"] == ANA
    assert "sessionid" in signed.cookies
    assert _signed_in_as(client) == ANA

    out = client.post("/api/v1/readers/sign-out")
    assert out.status_code == 204
    assert client.get("/api/v1/readers/me").status_code == 401


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"email": ""},
        {"email": "not an address"},
        {"email": 5},
        {"email": ["a@example.org"]},
        {"email": "a@example.org\x00"},
        {"email": "a" * 300 + "@example.org"},
    ],
)
def test_the_api_refuses_what_is_not_an_address(client: Client, body: Any) -> None:
    response = _api(client, "sign-in", body)

    assert response.status_code == 400
    assert json.loads(response.content)["detail"]
    assert not SignInRequest.objects.exists()


def test_the_api_refuses_a_form_post(client: Client) -> None:
    response = client.post("/api/v1/readers/sign-in", {"email": ANA})

    assert response.status_code == 400
    assert not SignInRequest.objects.exists()


@given(code=st.one_of(st.text(max_size=40), st.integers().map(str)))
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_no_guess_signs_in_or_breaks_anything(client: Client, code: str) -> None:
    """Whatever a stranger types as the code: a 400 or 429, never a session."""
    SignInRequest.objects.all().delete()
    from gazette.readers import signin

    signin.request_sign_in(ANA)

    response = _api(client, "sign-in/code", {"email": ANA, "code": code})

    assert response.status_code in (400, 429)
    assert _signed_in_as(client) is None


def test_spent_and_stale_sign_in_mails_are_forgotten(
    client: Client, mailbox: Mailbox
) -> None:
    from gazette.readers.tasks import prune_sign_in_requests

    _ask(client, mailbox)
    _ask(client, mailbox, "bo@example.org")
    SignInRequest.objects.filter(email=ANA).update(
        expires_at=timezone.now() - timedelta(days=2)
    )

    assert prune_sign_in_requests.call() == 1
    assert list(SignInRequest.objects.values_list("email", flat=True)) == [
        "bo@example.org"
    ]


def _signed_in_client(mailbox: Mailbox, email: str = ANA) -> Client:
    client = Client()
    _link, code = _ask(client, mailbox, email)
    _code(client, code, email)
    return client


def test_a_reader_chooses_a_name_nobody_else_reads_as(mailbox: Mailbox) -> None:
    ana = _signed_in_client(mailbox)
    page = ana.get("/account/")
    assert "Choose the name shown with your comments" in page.content.decode()
    assert ana.post("/account/name/", {"display_name": "Ana Belén"}).status_code == 200

    bo = _signed_in_client(mailbox, "bo@example.org")
    for alike in ("ANA BELEN", "Ana\u200b Belén", "\u0410na Belén", "  "):
        refused = bo.post("/account/name/", {"display_name": alike})
        assert refused.status_code == 400, alike
    assert bo.post("/account/name/", {"display_name": "Bo"}).status_code == 200
    assert Profile.objects.get(user__email="bo@example.org").display_name == "Bo"


def test_a_name_changes_at_most_once_a_month(mailbox: Mailbox) -> None:
    ana = _signed_in_client(mailbox)
    ana.post("/account/name/", {"display_name": "Ana"})
    assert ana.post("/account/name/", {"display_name": "Ana B."}).status_code == 200

    again = ana.post("/account/name/", {"display_name": "Ana C."})
    assert again.status_code == 400
    assert "change it again" in again.content.decode()
    Profile.objects.update(name_changed_at=timezone.now() - timedelta(days=31))
    assert ana.post("/account/name/", {"display_name": "Ana C."}).status_code == 200


def test_a_reader_cannot_take_a_staff_name(mailbox: Mailbox, editor: User) -> None:
    ana = _signed_in_client(mailbox)

    taken = ana.post("/account/name/", {"display_name": editor.username.upper()})

    assert taken.status_code == 400
    assert not Profile.objects.exists()


@given(name=st.text(max_size=120))
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_any_name_is_saved_clean_or_refused(reader: User, name: str) -> None:
    from gazette.readers import names
    from gazette.readers.errors import DisplayNameError

    Profile.objects.filter(user=reader).update(name_changed_at=None)
    problem = ""
    try:
        saved = names.set_display_name(reader, name)
    except DisplayNameError as refused:
        problem = refused.message
    if problem:
        return
    assert saved.display_name == saved.display_name.strip()
    assert "\x00" not in saved.display_name
    assert len(saved.display_name) <= 80
    assert saved.name_key == names.name_key(saved.display_name)


def _guest_post(client: Client, text: str, email: str = ANA) -> int:
    from tests.stamps import stamp

    response = client.post(
        "/api/v1/threads/claim-thread/comments",
        json.dumps(
            {
                "text": text,
                "author_name": "Ana",
                "author_email": email,
                "rendered": stamp(),
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    return int(json.loads(response.content)["comment"]["id"])


def test_signing_in_claims_the_address_guest_comments_and_badge(
    client: Client, mailbox: Mailbox
) -> None:
    from gazette.discussion.models import Comment
    from gazette.funding.tests import factories as funding

    funding.gift(funding.drive(), "25.00", donor_email=ANA, supporter_badge=True)
    mine = _guest_post(client, "Posted from this browser.")
    elsewhere = _guest_post(Client(), "Someone typed Ana's address.")
    other = _guest_post(Client(), "Bo's own.", "bo@example.org")

    _link, code = _ask(client, mailbox)
    _code(client, code)
    account = User.objects.get(email=ANA)

    claimed = {c.pk: c for c in Comment.objects.all()}
    assert claimed[mine].user == account
    assert claimed[elsewhere].user == account  # hers to see and manage
    assert claimed[other].user is None
    # Only what this browser posted counts as proven, and shows the badge.
    assert (claimed[mine].email_verified, claimed[mine].author_badge) == (
        True,
        "supporter",
    )
    assert (claimed[elsewhere].email_verified, claimed[elsewhere].author_badge) == (
        False,
        "",
    )


@pytest.mark.parametrize("kind", ["user", "email"])
def test_a_ban_ends_the_accounts_sessions_and_refuses_its_sign_ins(
    mailbox: Mailbox, editor: User, kind: str
) -> None:
    from gazette.moderation.models import Ban

    ana = _signed_in_client(mailbox)
    account = User.objects.get(email=ANA)
    assert _signed_in_as(ana) == ANA

    value = str(account.pk) if kind == "user" else ANA.upper()
    Ban.objects.create(kind=kind, value=value.lower(), created_by=editor)

    assert _signed_in_as(ana) is None
    again = Client()
    _link, code = _ask(again, mailbox)
    refused = _code(again, code)
    assert refused.status_code == 400
    assert "banned" in refused.content.decode()
    assert _signed_in_as(again) is None


def test_an_expired_ban_neither_ends_sessions_nor_refuses(
    mailbox: Mailbox, editor: User
) -> None:
    from gazette.moderation.models import Ban

    ana = _signed_in_client(mailbox)
    Ban.objects.create(
        kind="email", value=ANA, expires_at=timezone.now() - timedelta(minutes=1)
    )

    assert _signed_in_as(ana) == ANA
    assert _signed_in_as(_signed_in_client(mailbox)) == ANA


def test_the_account_page_shows_comments_gifts_follows_and_removals(
    mailbox: Mailbox, editor: User, django_capture_on_commit_callbacks: Any
) -> None:
    from gazette.discussion.models import Thread
    from gazette.discussion.tests import factories as comments
    from gazette.funding.tests import factories as funding
    from gazette.moderation import services as moderation
    from gazette.notifications.models import Subscription

    comments.comment(thread_key="acct", text="Mine, published.", author_email=ANA)
    gone = comments.comment(thread_key="acct", text="Mine, removed.", author_email=ANA)
    comments.comment(thread_key="acct", text="Bo's.", author_email="bo@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.comments_moderate(
            comment_ids=[gone.pk],
            action="reject",
            moderator=editor,
            reason="Off topic.",
        )
    Subscription.objects.create(
        email=ANA,
        thread=Thread.objects.get(key="acct"),
        kind="thread",
        confirmed_at=timezone.now(),
    )
    funding.gift(funding.drive(), "12.00", donor_email=ANA)

    page = _signed_in_client(mailbox).get("/account/").content.decode()

    assert "Mine, published." in page
    assert "Bo&#x27;s." not in page
    assert "Bo's." not in page
    assert "Off topic." in page  # the reason, and the appeal link
    assert "/comments/appeal/" in page
    assert "12.00 USD" in page
    assert "Stop following some of them" in page


def test_a_reader_erases_their_account(
    mailbox: Mailbox, django_capture_on_commit_callbacks: Any
) -> None:
    from gazette.discussion.models import Comment
    from gazette.discussion.tests import factories as comments
    from gazette.moderation.models import AuditEntry

    ana = _signed_in_client(mailbox)
    ana.post("/account/name/", {"display_name": "Ana Quay"})
    account = User.objects.get(email=ANA)
    mine = comments.comment(thread_key="erase-acct", text="Mine.", user=account)
    comments.comment(thread_key="erase-acct", text="A reply.", parent_id=mine.pk)

    unsure = ana.post("/account/erase/", {"comments": "remove"})
    assert unsure.status_code == 400
    assert User.objects.filter(pk=account.pk).exists()

    done = ana.post("/account/erase/", {"comments": "remove", "confirm": "yes"})
    assert done.status_code == 200
    assert "no longer carry your name" in done.content.decode()
    assert not User.objects.filter(pk=account.pk).exists()
    assert not EmailAddress.objects.filter(email=ANA).exists()
    assert not Profile.objects.exists()
    kept = Comment.objects.get(pk=mine.pk)
    assert (kept.status, kept.text, kept.author_email, kept.user) == (
        "deleted",
        "",
        "",
        None,
    )
    assert _signed_in_as(ana) is None
    assert AuditEntry.objects.filter(action="erased").count() == 1
    # The name is free again.
    bo = _signed_in_client(mailbox, "bo@example.org")
    assert bo.post("/account/name/", {"display_name": "Ana Quay"}).status_code == 200


def test_a_reader_stops_following_from_the_account_page_and_only_their_own(
    mailbox: Mailbox,
) -> None:
    from gazette.discussion.models import Thread
    from gazette.discussion.tests import factories as comments
    from gazette.notifications.models import Subscription

    comments.comment(thread_key="follow-acct", text="A thread to follow.")
    thread = Thread.objects.get(key="follow-acct")
    now = timezone.now()
    mine = Subscription.objects.create(
        email=ANA, thread=thread, kind="thread", confirmed_at=now
    )
    bos = Subscription.objects.create(
        email="bo@example.org", thread=thread, kind="thread", confirmed_at=now
    )
    ana = _signed_in_client(mailbox)
    assert f'value="{mine.pk}"' in ana.get("/account/").content.decode()

    assert ana.post("/notifications/account/stop/", {"stop": bos.pk}).status_code == 404
    assert ana.post("/notifications/account/stop/", {"stop": "x"}).status_code == 404
    stopped = ana.post("/notifications/account/stop/", {"stop": mine.pk})
    assert stopped.status_code == 302
    assert list(Subscription.objects.values_list("pk", flat=True)) == [bos.pk]
    assert (
        Client().post("/notifications/account/stop/", {"stop": bos.pk}).status_code
        == 302
    )
    assert Subscription.objects.filter(pk=bos.pk).exists()


def test_a_new_staff_members_name_is_taken_at_once() -> None:
    from gazette.readers import names

    assert not names.name_taken("Newsdesk Nell")  # staff names read, and kept

    User.objects.create_user("newsdesknell", is_staff=True)

    assert names.name_taken("NEWSDESK NELL")
