"""Signed in inside an embed on another site, where the browser blocks its cookies.

The blog is served from ``localhost`` and Gazette from ``127.0.0.1``: another
site, so Gazette's frame is a third party's, and Chromium (its private
contexts block third-party cookies, and then local storage too) keeps no
cookie for it but the frame's partitioned one: each test checks that.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable

import jwt
from playwright.sync_api import BrowserContext, FrameLocator, Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.artifacts import snap
from tests.browser.conftest import CrossSite
from tests.browser.staff import sign_in
from tests.mailbox import Mailbox

# Not test_moderation's words: the same text twice in a day is held as spam.
ATTACK = "Nobody reads your blog, you pathetic creep and liar, so stop posting."
SIGN_IN = "Sign in to comment with your account"


def _embed(server_url: str, thread: str, attributes: str = "") -> str:
    return (
        f"<p>Written elsewhere.</p><div data-gazette-thread='{thread}' {attributes}>"
        f"</div><script src='{server_url}/static/gazette/embed.js' async></script>"
    )


def _frame(page: Page) -> FrameLocator:
    return page.frame_locator("iframe[src*='/embed/threads/']")


def _only_partitioned_cookies(context: BrowserContext) -> None:
    """Chromium kept no cookie of Gazette's but the frame's partitioned one."""
    gazette = [c for c in context.cookies() if c["domain"] == "127.0.0.1"]
    plain = [c["name"] for c in gazette if not c.get("partitionKey")]
    assert plain == [], f"the browser kept third-party cookies: {plain}"
    assert {c["name"] for c in gazette} <= {"gazette_frame"}, gazette


def _sso_site(page: Page, key: str) -> str:
    """Add a single sign-on site in the admin; its secret, as the admin shows it."""
    sign_in(page)
    page.goto("/admin/snippets/readers/ssosite/add/")
    page.get_by_role("textbox", name="Name").fill("Harbour Blog")
    page.get_by_role("textbox", name="Key").fill(key)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("created")).to_be_visible()
    page.get_by_role("link", name="Harbour Blog").first.click()
    secret = re.search(r"(?m)^[\w-]{43}$", page.locator("#w-editor-form").inner_text())
    assert secret, page.locator("#w-editor-form").inner_text()
    return secret.group(0)


def _token(key: str, secret: str, sub: str, name: str) -> str:
    now = int(time.time())
    claims = {"iss": key, "sub": sub, "name": name, "iat": now, "exp": now + 300}
    return jwt.encode({**claims, "jti": uuid.uuid4().hex}, secret, algorithm="HS256")


def test_a_site_signs_its_reader_in_to_the_embed_with_cookies_blocked(
    new_page: Callable[..., Page], cross_site: CrossSite, server_url: str
) -> None:
    key = f"harbour-{uuid.uuid4().hex[:6]}"
    secret = _sso_site(new_page(), key)
    name = f"Nadia {uuid.uuid4().hex[:4]}"
    thread = f"cross-site-sso-{uuid.uuid4().hex[:6]}"

    def visit(page: Page, token: str, file: str) -> FrameLocator:
        page.goto(
            cross_site.page(
                file, _embed(server_url, thread, f"data-gazette-sso='{token}'")
            )
        )
        return _frame(page)

    first = _token(key, secret, "blog-user-1", name)
    reader = new_page()
    reader.on("console", lambda m: print("CONSOLE", m.text))
    reader.on(
        "response",
        lambda r: print(
            "RESP", r.status, r.url, r.headers.get("x-gazette-session", "-")[:20]
        ),
    )
    frame = visit(reader, first, "sso-1.html")
    reader.wait_for_timeout(3000)
    print("STATUS", frame.locator("[data-account-status]").inner_text())
    expect(frame.locator(".embed-account")).to_contain_text(f"Signed in as {name}")
    form = frame.locator("#comment-form")
    expect(form.get_by_label("Name")).to_be_hidden()
    words = f"Signed in by my blog {uuid.uuid4().hex[:6]}."
    form.get_by_label("Join the discussion").fill(words)
    form.get_by_role("button", name="Post comment").click()
    posted = frame.locator(".comment", has_text=words)
    expect(posted.locator(".comment__author")).to_have_text(name)
    posted.get_by_role("button", name="Vote up").click()
    expect(posted.get_by_role("button", name="Vote up")).to_have_attribute(
        "aria-pressed", "true"
    )
    _only_partitioned_cookies(reader.context)

    # The next page of the blog hands over a new token: the same reader, whose
    # vote the frame shows again (the page itself is the same for everyone).
    frame = visit(reader, _token(key, secret, "blog-user-1", name), "sso-2.html")
    expect(frame.locator(".embed-account")).to_contain_text(f"Signed in as {name}")
    posted = frame.locator(".comment", has_text=words)
    expect(posted.get_by_role("button", name="Vote up")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert_accessible(reader)
    snap(reader, "embed-sso-signed-in")

    # A replayed token signs nobody in; the blog signing its user out signs
    # the frame out.
    stranger = new_page()
    frame = visit(stranger, first, "sso-replayed.html")
    expect(frame.locator("[data-account-status]")).to_contain_text("was used already")
    expect(frame.get_by_role("button", name=SIGN_IN)).to_be_visible()
    frame = visit(reader, "", "sso-out.html")
    expect(frame.locator("[data-account-status]")).to_contain_text("signed out")
    expect(frame.locator("#comment-form").get_by_label("Name")).to_be_visible()
    _only_partitioned_cookies(reader.context)


def test_a_reader_signs_in_by_code_inside_an_embed_on_another_site(
    new_page: Callable[..., Page],
    cross_site: CrossSite,
    server_url: str,
    server_mailbox: Mailbox,
) -> None:
    thread = f"cross-site-code-{uuid.uuid4().hex[:6]}"
    url = cross_site.page("code.html", _embed(server_url, thread))
    reader = new_page()
    reader.goto(url)
    frame = _frame(reader)

    # A guest's held comment is still shown to them after a reload.
    form = frame.locator("#comment-form")
    form.get_by_label("Join the discussion").fill(ATTACK)
    form.get_by_label("Name").fill("Blog Guest")
    form.get_by_role("button", name="Post comment").click()
    form.get_by_label("Post it anyway; a moderator will review it first.").check()
    form.get_by_role("button", name="Post comment").click()
    expect(
        frame.locator(".comment--awaiting", has_text="pathetic creep and liar")
    ).to_be_visible()
    reader.reload()
    frame = _frame(reader)
    expect(
        frame.locator(".comment--awaiting", has_text="pathetic creep and liar")
    ).to_contain_text("Awaiting moderation")

    # Signing in with the mailed code, inside the frame.
    address = f"framed-{uuid.uuid4().hex[:6]}@example.org"
    frame.get_by_role("button", name=SIGN_IN).click()
    frame.get_by_label("E-mail", exact=True).fill(address)
    frame.get_by_role("button", name="Mail me a code").click()
    expect(frame.locator("[data-account-status]")).to_contain_text("code")
    mail = server_mailbox.wait_for(address, "Or type this code")
    code = re.search(r"code where you asked: (\d{6})", mail)
    assert code, mail
    frame.get_by_label("Code from the mail").fill("000000")
    frame.get_by_role("button", name="Sign in", exact=True).click()
    expect(frame.get_by_role("alert")).to_be_visible()
    frame.get_by_label("Code from the mail").fill(code.group(1))
    frame.get_by_role("button", name="Sign in", exact=True).click()
    name = f"Framed {uuid.uuid4().hex[:4]}"
    frame.get_by_label("Name shown with your comments").fill(name)
    frame.get_by_role("button", name="Save name").click()
    expect(frame.locator(".embed-account")).to_contain_text(f"Signed in as {name}")

    words = f"Now with an account {uuid.uuid4().hex[:6]}."
    form.get_by_label("Join the discussion").fill(words)
    form.get_by_role("button", name="Post comment").click()
    expect(
        frame.locator(".comment", has_text=words).locator(".comment__author")
    ).to_have_text(name)
    reader.reload()
    frame = _frame(reader)
    expect(frame.locator(".embed-account")).to_contain_text(f"Signed in as {name}")
    snap(reader, "embed-code-signed-in")
    frame.get_by_role("button", name="Sign out").click()
    expect(frame.get_by_role("button", name=SIGN_IN)).to_be_visible()
    _only_partitioned_cookies(reader.context)
