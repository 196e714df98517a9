"""The "Fundraisers" group: drives, donations (entering gifts by hand), reports."""

from typing import Any

from django.db import migrations

from gazette.core.groups import ensure_permissions, permissions

GROUP = "Fundraisers"
PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    *[
        ("funding", model, f"{verb}_{model}")
        for model in ("drive", "donation")
        for verb in ("add", "change", "view")
    ],
]


def create_group(apps: Any, schema_editor: Any) -> None:
    ensure_permissions(apps, "funding")
    Group = apps.get_model("auth", "Group")
    group, _created = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(*permissions(apps, PERMISSIONS))


def remove_group(apps: Any, schema_editor: Any) -> None:
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
