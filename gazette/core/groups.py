"""Helpers for data migrations that make staff groups with chosen permissions."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.management import create_permissions

Wanted = list[tuple[str, str, str]]


def ensure_permissions(apps: Any, app_label: str) -> None:
    """Create an app's permissions now; Django normally does it after migrating."""
    config = apps.get_app_config(app_label)
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None


def permissions(apps: Any, wanted: Wanted) -> list[Any]:
    """The permissions named by (app label, model, codename), those that exist."""
    Permission = apps.get_model("auth", "Permission")
    found = []
    for app_label, model, codename in wanted:
        permission = Permission.objects.filter(
            content_type__app_label=app_label,
            content_type__model=model,
            codename=codename,
        ).first()
        if permission is not None:
            found.append(permission)
    return found
