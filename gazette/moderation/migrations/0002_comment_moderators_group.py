"""The "Comment moderators" group: the moderation queue and its rules, nothing else.

Editors may also set moderation policies (close comments on an article, choose
pre-moderation for a section).
"""

from typing import Any

from django.db import migrations

from gazette.core.groups import ensure_permissions, permissions

GROUP = "Comment moderators"
PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("moderation", "moderationrecord", "moderate_comments"),
    *[
        ("moderation", model, f"{verb}_{model}")
        for model in ("bannedterm", "ban", "policy")
        for verb in ("add", "change", "delete", "view")
    ],
]
EDITOR_PERMISSIONS = [
    ("moderation", "policy", f"{verb}_policy")
    for verb in ("add", "change", "delete", "view")
]


def create_group(apps: Any, schema_editor: Any) -> None:
    ensure_permissions(apps, "moderation")
    Group = apps.get_model("auth", "Group")
    group, _created = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(*permissions(apps, PERMISSIONS))
    for editors in Group.objects.filter(name="Editors"):
        editors.permissions.add(*permissions(apps, EDITOR_PERMISSIONS))


def remove_group(apps: Any, schema_editor: Any) -> None:
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name=GROUP).delete()
    for editors in Group.objects.filter(name="Editors"):
        editors.permissions.remove(*permissions(apps, EDITOR_PERMISSIONS))


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
