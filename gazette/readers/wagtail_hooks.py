"""Readers in the admin (accounts, and the reader data page)."""

from __future__ import annotations

from types import ModuleType

from django.urls import path, reverse
from django.urls.resolvers import URLPattern
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from gazette.core.admin_menu import PermissionMenuItem
from gazette.readers import admin_readers, admin_views, selectors
from gazette.readers.models import SsoSite


@hooks.register("register_admin_urls")
def reader_data_urls() -> list[URLPattern]:
    return [
        path("readers/", admin_readers.index, name="readers_admin"),
        path(
            "readers/<id:user_id>/",
            admin_readers.detail,
            name="readers_admin_detail",
        ),
        path(
            "readers/<id:user_id>/end-sessions/",
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


class SsoSiteViewSet(SnippetViewSet):
    """Sites that sign their users in to the embedded comments."""

    model = SsoSite
    icon = "key"
    menu_label = _("Single sign-on sites")
    list_display = ["name", "key", "active"]
    add_to_admin_menu = False
    panels = [
        FieldPanel("name"),
        FieldPanel("key"),
        FieldPanel("secret", read_only=True),
        FieldPanel("jwks_url"),
        FieldPanel("active"),
    ]


register_snippet(SsoSiteViewSet)
