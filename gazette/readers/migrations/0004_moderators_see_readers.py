"""Comment moderators see readers in the admin, but not their addresses."""

from typing import Any

from django.db import migrations

from gazette.core.groups import ensure_permissions, permissions

GROUP = "Comment moderators"
SEE = [("readers", "profile", "view_profile")]


def grant(apps: Any, schema_editor: Any) -> None:
    ensure_permissions(apps, "readers")
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=GROUP):
        group.permissions.add(*permissions(apps, SEE))


def revoke(apps: Any, schema_editor: Any) -> None:
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=GROUP):
        group.permissions.remove(*permissions(apps, SEE))


class Migration(migrations.Migration):
    dependencies = [
        ("readers", "0003_reader_email_permission"),
        ("moderation", "0002_comment_moderators_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
