"""Crawl every public page and API response of the demo: no e-mail, no IP address.

Readers' addresses and IPs are put in on purpose (comments posted with an
e-mail from a known address, a subscription, a donation, an imported
comment); then every link reachable from the front page, every thread's API
and embed, the feeds and the sitemap are fetched as a reader would, and
each response is searched for them and for anything shaped like an e-mail.
"""

from __future__ import annotations

import re
from collections import deque
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gazette.demo.loader import demo_load
from gazette.discussion.models import Thread
from gazette.funding.models import Drive
from gazette.funding.tests import factories as funding
from gazette.notifications.models import Subscription
from tests.stamps import stamp

pytestmark = pytest.mark.django_db

SECRET_EMAILS = ("ines.private@example.org", "donor.private@example.org")
SECRET_IPS = ("203.0.113.77", "198.51.100.23")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
LINK = re.compile(r'(?:href|src)="(/[^"#?]*)')
SKIP = ("/admin/", "/django-admin/", "/static/", "/media/", "/documents/", "/i18n/")
MAX_PAGES = 400


def _plant_secrets(client: Client) -> None:
    demo_load()
    lead = Thread.objects.filter(key__startswith="page-").order_by("-comment_count")[0]
    for email, ip in zip(SECRET_EMAILS, SECRET_IPS, strict=True):
        response = client.post(
            f"/api/v1/threads/{lead.key}/comments",
            {
                "text": "A comment whose author gave an e-mail address.",
                "rendered": stamp(),
                "author_name": "Private Reader",
                "author_email": email,
                "notify": "thread",
            },
            content_type="application/json",
            REMOTE_ADDR=ip,
        )
        assert response.status_code == 201, response.content
    Subscription.objects.create(email=SECRET_EMAILS[0], thread=lead, kind="replies")
    funding.gift(
        Drive.objects.first() or funding.drive(),
        "40.00",
        donor_email=SECRET_EMAILS[1],
        on_wall=True,
    )


def _public_urls() -> list[str]:
    urls = [
        "/",
        reverse("sitemap"),
        reverse("publishing:feed_rss"),
        reverse("publishing:feed_atom"),
        "/api/v1/drives",
        "/api/v1/openapi.json",
    ]
    keys = list(Thread.objects.values_list("key", flat=True))
    urls.append("/api/v1/counts?keys=" + ",".join(keys[:100]))
    for key in keys:
        urls += [
            f"/api/v1/threads/{key}/comments?limit=1000",
            f"/api/v1/threads/{key}/passages",
            f"/embed/threads/{key}",
            f"/comments/feed/{key}",
        ]
    for slug in Drive.objects.values_list("slug", flat=True):
        urls += [f"/api/v1/drives/{slug}", f"/embed/drives/{slug}"]
    return urls


def _crawl(client: Client) -> dict[str, str]:
    """Every page reachable from the starting points, as text, by address."""
    seen: dict[str, str] = {}
    queue = deque(_public_urls())
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen or url.startswith(SKIP):
            continue
        response = client.get(url, follow=True)
        assert response.status_code < 500, url
        body = (
            b"".join(response.streaming_content)  # type: ignore[attr-defined]
            if response.streaming
            else response.content
        )
        seen[url] = body.decode("utf-8", "replace")
        queue.extend(link for link in LINK.findall(seen[url]) if link not in seen)
    return seen


def test_no_public_page_or_api_response_reveals_an_email_or_ip(
    client: Client, settings: Any
) -> None:
    settings.GAZETTE_RATELIMIT_ENABLED = False
    settings.GAZETTE_MODERATION_MIN_SUBMIT_SECONDS = 0
    _plant_secrets(client)
    reader = Client()

    pages = _crawl(reader)

    assert len(pages) > 60  # the crawl reached articles, sections, threads, drives
    assert any("A comment whose author gave" in body for body in pages.values())
    leaks = {
        url: sorted(set(EMAIL.findall(body)) | {ip for ip in SECRET_IPS if ip in body})
        for url, body in pages.items()
    }
    assert {url: found for url, found in leaks.items() if found} == {}
