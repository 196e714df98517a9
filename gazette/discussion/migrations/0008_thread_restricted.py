"""Threads follow their pages: mark those whose page is not shown to everyone."""

from typing import Any

from django.db import migrations, models


def mark_restricted(apps: Any, schema_editor: Any) -> None:
    thread_model = apps.get_model("discussion", "Thread")
    page_model = apps.get_model("wagtailcore", "Page")
    restriction_model = apps.get_model("wagtailcore", "PageViewRestriction")
    restricted_paths = list(
        restriction_model.objects.values_list("page__path", flat=True)
    )
    pages = {
        f"page-{pk}": bool(live and not expired)
        and not any(path.startswith(r) for r in restricted_paths)
        for pk, path, live, expired in page_model.objects.values_list(
            "pk", "path", "live", "expired"
        )
    }
    for thread in thread_model.objects.filter(key__startswith="page-"):
        if not pages.get(thread.key, False):
            thread.restricted = True
            thread.save(update_fields=["restricted"])


class Migration(migrations.Migration):
    dependencies = [
        ("discussion", "0007_comment_idempotency_key"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="thread",
            name="restricted",
            field=models.BooleanField(default=False, verbose_name="restricted"),
        ),
        migrations.RunPython(mark_restricted, migrations.RunPython.noop),
    ]
