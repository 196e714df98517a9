"""Attach "follow this thread" under every comment section."""

from __future__ import annotations

from types import ModuleType

from wagtail import hooks


@hooks.register("gazette_discussion_extras")
def follow_form() -> str:
    return "notifications/follow.html"


@hooks.register("gazette_reader_data")
def reader_data() -> ModuleType:
    """What this app holds about a reader (see ``gazette.readers.holders``)."""
    from gazette.notifications import reader_data

    return reader_data
