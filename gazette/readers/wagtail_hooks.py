"""Readers in the admin (accounts, and the reader data page)."""

from __future__ import annotations

from types import ModuleType

from django.urls import path, reverse
from django.urls.resolvers import URLPattern
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from gazette.core.admin_menu import PermissionMenuItem
from gazette.readers import admin_readers, admin_views, selectors


@hooks.register("register_admin_urls")
def reader_data_urls() -> list[URLPattern]:
    return [
        path("readers/", admin_readers.index, name="readers_admin"),
        path(
            "readers/<int:user_id>/",
            admin_readers.detail,
            name="readers_admin_detail",
        ),
        path(
            "readers/<int:user_id>/end-sessions/",
            admin_readers.end_sessions,
            name="readers_admin_end_sessions",
        ),
        path("reader-data/", admin_views.lookup, name="reader_data"),
        path(
            "reader-data/download/", admin_views.download, name="reader_data_download"
        ),
        path("reader-data/erase/", admin_views.erase, name="reader_data_erase"),
    ]


@hooks.register("register_admin_menu_item")
def reader_data_menu_item() -> PermissionMenuItem:
    return PermissionMenuItem(
        _("Reader data"),
        reverse("reader_data"),
        permission=admin_views.PERMISSION,
        icon_name="user",
        order=900,
    )


@hooks.register("register_admin_menu_item")
def readers_menu_item() -> PermissionMenuItem:
    return PermissionMenuItem(
        _("Readers"),
        reverse("readers_admin"),
        permission=selectors.SEE,
        icon_name="group",
        order=890,
    )


@hooks.register("gazette_reader_data")
def reader_data() -> ModuleType:
    """Readers' own part: accounts and sign-in mails."""
    from gazette.readers import reader_data

    return reader_data
