"""Links that leave the site: in mail, on receipts, in statements of reasons."""

from __future__ import annotations

from django.conf import settings


def absolute(path: str) -> str:
    """``path`` on the site's public address (``WAGTAILADMIN_BASE_URL``)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
