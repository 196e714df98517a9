"""axe-core, injected into the page by Playwright.

It is evaluated through the browser's debugging protocol rather than added as
a <script>: the site's Content Security Policy rightly refuses inline scripts.
"""

from __future__ import annotations

from playwright.sync_api import Page

from tests.browser.server import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def assert_accessible(page: Page) -> None:
    """No serious or critical axe-core violations on what the page shows now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert serious == [], "\n".join(serious)
