"""Screenshots kept as test artefacts under artifacts/screenshots/."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.browser.server import ROOT

SCREENSHOTS = ROOT / "artifacts" / "screenshots"


def snap(page: Page, name: str) -> None:
    """Save what the reader sees now (the viewport) as ``<name>.png``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png")
