"""The "Comment moderators" group: the moderation queue and its rules, nothing else."""

from typing import Any

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Comment moderators"
PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("moderation", "moderationrecord", "moderate_comments"),
    *[
        ("moderation", model, f"{verb}_{model}")
        for model in ("bannedterm", "ban")
        for verb in ("add", "change", "delete", "view")
    ],
]


def create_group(apps: Any, schema_editor: Any) -> None:
    # Permissions are normally created after migrations; make them now.
    config = apps.get_app_config("moderation")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    for app_label, model, codename in PERMISSIONS:
        permission = Permission.objects.filter(
            content_type__app_label=app_label,
            content_type__model=model,
            codename=codename,
        ).first()
        if permission is not None:
            group.permissions.add(permission)


def remove_group(apps: Any, schema_editor: Any) -> None:
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
