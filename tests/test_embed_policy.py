"""The embeds keep the site's Content Security Policy; only framing differs."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from gazette.funding.tests.factories import drive as make_drive

pytestmark = pytest.mark.django_db


def _policy(header: str) -> dict[str, str]:
    parts = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: (rest[0] if rest else "") for name, *rest in parts}


def _without_nonce(policy: dict[str, str]) -> dict[str, str]:
    return {
        k: " ".join(w for w in v.split() if "nonce-" not in w)
        for k, v in policy.items()
    }


@pytest.mark.parametrize("path", ["/embed/threads/a-blog-post", "/embed/drives/{slug}"])
def test_an_embed_sends_the_full_policy_with_its_frame_ancestors(
    client: Client, article: Any, settings: Any, path: str
) -> None:
    settings.GAZETTE_EMBED_ORIGINS = ["https://blog.example"]
    found = make_drive()
    site = _policy(client.get(article.url)["Content-Security-Policy"])

    embed = _policy(client.get(path.format(slug=found.slug))["Content-Security-Policy"])

    assert embed.pop("frame-ancestors") == "'self' https://blog.example"
    assert site.pop("frame-ancestors") == "'self'"
    assert _without_nonce(embed) == _without_nonce(site)
    assert embed["object-src"] == "'none'"
    assert "'unsafe-inline'" not in embed["script-src"]
