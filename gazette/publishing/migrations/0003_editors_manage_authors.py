"""Let Wagtail's Editors and Moderators groups manage bylines (Author snippets)."""

from typing import Any

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ("Editors", "Moderators")
CODENAMES = ("add_author", "change_author", "delete_author", "view_author")


def _groups_and_permissions(apps: Any) -> tuple[Any, list[Any]]:
    groups = apps.get_model("auth.Group").objects.filter(name__in=GROUPS)
    permissions = apps.get_model("auth.Permission").objects.filter(
        content_type__app_label="publishing", codename__in=CODENAMES
    )
    return groups, list(permissions)


def grant(apps: Any, schema_editor: Any) -> None:
    # Permissions are normally created after migrations; make them now.
    config = apps.get_app_config("publishing")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    groups, permissions = _groups_and_permissions(apps)
    for group in groups:
        group.permissions.add(*permissions)


def revoke(apps: Any, schema_editor: Any) -> None:
    groups, permissions = _groups_and_permissions(apps)
    for group in groups:
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0002_create_homepage"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
