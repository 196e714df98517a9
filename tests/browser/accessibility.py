"""axe-core, injected into the page by Playwright."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.browser.server import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def assert_accessible(page: Page) -> None:
    """No serious or critical axe-core violations on what the page shows now."""
    page.add_script_tag(path=str(AXE))
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
