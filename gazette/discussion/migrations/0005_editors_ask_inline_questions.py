"""Let Wagtail's Editors and Moderators groups ask questions on passages."""

from typing import Any

from django.db import migrations

from gazette.core.groups import ensure_permissions, permissions

GROUPS = ("Editors", "Moderators")
WANTED = [
    ("discussion", "inlinequestion", f"{action}_inlinequestion")
    for action in ("add", "change", "delete", "view")
]


def grant(apps: Any, schema_editor: Any) -> None:
    ensure_permissions(apps, "discussion")
    found = permissions(apps, WANTED)
    for group in apps.get_model("auth.Group").objects.filter(name__in=GROUPS):
        group.permissions.add(*found)


def revoke(apps: Any, schema_editor: Any) -> None:
    found = permissions(apps, WANTED)
    for group in apps.get_model("auth.Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(*found)


class Migration(migrations.Migration):
    dependencies = [
        ("discussion", "0004_inline_feedback"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
