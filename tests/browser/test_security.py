"""The Content Security Policy holds on every kind of public page: nothing the
pages need is blocked, and the header forbids inline script without a nonce."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

PAGES = [
    "/",
    "/city/sea-wall-breach-floods-harbour-district/",
    "/support/",
    "/privacy/my-data/",
    "/search/?q=wall",
]


def test_public_pages_run_under_the_policy_without_violations(
    new_page: Callable[..., Page],
) -> None:
    page = new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e =>"
        " console.error('Content Security Policy: ' + e.violatedDirective +"
        " ' ' + e.blockedURI));"
    )

    for path in PAGES:
        response = page.goto(path)
        assert response is not None
        policy = response.headers.get("content-security-policy", "")
        assert "script-src 'self'" in policy, path
        assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]

    page.goto(PAGES[1])
    expect(page.locator(".passage-count").first).to_be_visible()  # scripts ran
    # style="--indent: 1" is allowed: replies are indented.
    reply = page.locator('.comment[data-depth="1"]').first
    expect(reply).to_have_css("margin-left", "20px")
    assert violations == []
