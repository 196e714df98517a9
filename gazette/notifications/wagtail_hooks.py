"""Attach "follow this thread" under every comment section."""

from __future__ import annotations

from wagtail import hooks


@hooks.register("gazette_discussion_extras")
def follow_form() -> str:
    return "notifications/follow.html"
