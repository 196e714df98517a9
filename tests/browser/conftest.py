"""Browser fixtures: the real server, Chromium, axe-core checks and screenshots."""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import Browser, Page, Playwright, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from gazette.funding.tests.fake_stripe import (
    SECRET_KEY,
    WEBHOOK_SECRET,
    FakeStripe,
    FakeStripeServer,
)
from tests.browser.accessibility import AXE
from tests.browser.artifacts import SCREENSHOTS
from tests.browser.server import free_port, running_server, static_site
from tests.mailbox import Mailbox
from tests.oidc import OIDC_APP, node_provider

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def host_site_port() -> int:
    """The port of another site (another origin) that embeds Gazette."""
    return free_port()


@pytest.fixture(scope="session")
def cross_site_port() -> int:
    """The port of a site on another *site* (``localhost``, not ``127.0.0.1``):
    the browser treats Gazette's frame there as a third party's."""
    return free_port()


@pytest.fixture(scope="session")
def oidc_port() -> int:
    """Where the OpenID provider listens (it starts once the server is up)."""
    return free_port()


@pytest.fixture(scope="session")
def stripe_server() -> Iterator[FakeStripe]:
    """Stripe's API, faked on loopback; the server under test talks to it."""
    with FakeStripeServer() as fake:
        yield fake


@pytest.fixture(scope="session")
def server_mailbox() -> Iterator[Mailbox]:
    """A real SMTP server on loopback that the server under test mails."""
    box = Mailbox(port=free_port())
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


@pytest.fixture(scope="session")
def server_url(
    tmp_path_factory: pytest.TempPathFactory,
    host_site_port: int,
    cross_site_port: int,
    oidc_port: int,
    stripe_server: FakeStripe,
    server_mailbox: Mailbox,
) -> Iterator[str]:
    with running_server(
        tmp_path_factory.mktemp("gazette-server"),
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(server_mailbox.port),
        STRIPE_SECRET_KEY=SECRET_KEY,
        STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
        STRIPE_API_BASE=stripe_server.base_url,
        GAZETTE_EMBED_ORIGINS=(
            f"http://127.0.0.1:{host_site_port},http://localhost:{cross_site_port}"
        ),
        GAZETTE_OIDC_PROVIDERS=json.dumps(
            [OIDC_APP | {"issuer": f"http://127.0.0.1:{oidc_port}"}]
        ),
        # Every test posts from 127.0.0.1; the limit itself is tested in unit tests.
        GAZETTE_RATELIMIT_COMMENTS="500/60",
        # A person types faster than this in a test; unit tests cover the signal.
        GAZETTE_MODERATION_MIN_SUBMIT_SECONDS="0",
    ) as url:
        yield url


@pytest.fixture(scope="session")
def host_site(
    tmp_path_factory: pytest.TempPathFactory, server_url: str, host_site_port: int
) -> Iterator[str]:
    """A plain HTML blog on another origin with Gazette's comments embedded."""
    folder = tmp_path_factory.mktemp("host-site")
    (folder / "post.html").write_text(
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<title>A static blog post</title></head><body><main>"
        "<h1>A static blog post</h1><p>Written elsewhere, discussed on Gazette.</p>"
        "<div data-gazette-thread='static-blog-post-1'></div>"
        f"<script src='{server_url}/static/gazette/embed.js' async></script>"
        "</main></body></html>",
        encoding="utf-8",
    )
    (folder / "drive.html").write_text(
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<title>Support our friends</title></head><body><main>"
        "<h1>Support our friends</h1>"
        "<div data-gazette-drive='harbour-desk'></div>"
        f"<script src='{server_url}/static/gazette/embed.js' async></script>"
        "</main></body></html>",
        encoding="utf-8",
    )
    with static_site(folder, host_site_port) as url:
        yield url


@pytest.fixture(scope="session")
def oidc_provider(server_url: str, oidc_port: int) -> Iterator[str]:
    """npm oidc-provider on loopback, its client Gazette's; yields its issuer."""
    callback = f"{server_url}/account/providers/oidc/{OIDC_APP['id']}/login/callback/"
    with node_provider(oidc_port, callback) as issuer:
        yield issuer


@dataclass(frozen=True)
class CrossSite:
    """A site of another registrable domain; tests write its pages."""

    url: str
    folder: Path

    def page(self, name: str, body: str, title: str = "A blog of its own") -> str:
        (self.folder / name).write_text(
            f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{title}</title></head><body><main><h1>{title}</h1>"
            f"{body}</main></body></html>",
            encoding="utf-8",
        )
        return f"{self.url}/{name}"


@pytest.fixture(scope="session")
def cross_site(
    tmp_path_factory: pytest.TempPathFactory, server_url: str, cross_site_port: int
) -> Iterator[CrossSite]:
    folder = tmp_path_factory.mktemp("cross-site")
    with static_site(folder, cross_site_port) as url:
        yield CrossSite(url.replace("127.0.0.1", "localhost"), folder)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: run scripts/ensure-browser-deps")
    if not AXE.exists():
        pytest.fail("axe-core is missing: run scripts/ensure-browser-deps")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


def _screenshot_name(request: pytest.FixtureRequest) -> str:
    return re.sub(r"[^\w.-]+", "_", request.node.name) + ".png"


@pytest.fixture
def new_page(
    browser: Browser, server_url: str, request: pytest.FixtureRequest
) -> Iterator[Any]:
    """Open pages with context options; each gets a screenshot and a JS error check."""
    contexts = []
    errors: list[str] = []

    def open_page(**options: Any) -> Page:
        options.setdefault("viewport", {"width": 1280, "height": 900})
        options.setdefault("locale", "en-GB")
        options.setdefault("base_url", server_url)
        context = browser.new_context(**options)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        return page

    yield open_page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for index, context in enumerate(contexts):
        for page in context.pages:
            # Lazy images below the fold would be blank in a full-page shot.
            page.evaluate(
                "document.querySelectorAll('img[loading=lazy]')"
                ".forEach(img => { img.loading = 'eager'; })"
            )
            # Open event streams never go idle: close them first.
            for frame in page.frames:
                with contextlib.suppress(PlaywrightError):
                    frame.evaluate(
                        "window.GazetteLive && window.GazetteLive.close"
                        " && window.GazetteLive.close()"
                    )
            page.wait_for_load_state("networkidle")
            suffix = f"-{index}" if index else ""
            name = _screenshot_name(request).replace(".png", f"{suffix}.png")
            page.screenshot(path=SCREENSHOTS / name, full_page=True)
        context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


@pytest.fixture
def page(new_page: Any) -> Page:
    return new_page()  # type: ignore[no-any-return]
