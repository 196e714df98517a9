"""Signing in to the admin as the demo newsroom's staff."""

from __future__ import annotations

from playwright.sync_api import Page


def sign_in(page: Page, username: str = "admin") -> None:
    """The demo's administrator (all rights), or its ``moderator`` (moderation only)."""
    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "gazette-demo")
    page.locator("button[type=submit]").first.click()
    page.wait_for_url("**/admin/")
