"""Imports in the admin menu."""

from __future__ import annotations

from django.urls import path, reverse
from django.urls.resolvers import URLPattern
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from gazette.core.admin_menu import PermissionMenuItem
from gazette.interchange import admin_views


@hooks.register("register_admin_urls")
def import_urls() -> list[URLPattern]:
    return [path("imports/", admin_views.imports, name="interchange_imports")]


@hooks.register("register_admin_menu_item")
def import_menu_item() -> PermissionMenuItem:
    return PermissionMenuItem(
        _("Import comments"),
        reverse("interchange_imports"),
        permission=admin_views.PERMISSION,
        icon_name="download",
        order=901,
    )
