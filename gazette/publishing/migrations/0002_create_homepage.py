"""Replace Wagtail's welcome page with Gazette's home page as the site root."""

from typing import Any

from django.db import migrations


def create_homepage(apps: Any, schema_editor: Any) -> None:
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("publishing.HomePage")
    Locale = apps.get_model("wagtailcore.Locale")

    if HomePage.objects.exists():
        return
    # The welcome page Wagtail's own migrations create, if nobody replaced it.
    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    content_type, _ = ContentType.objects.get_or_create(
        model="homepage", app_label="publishing"
    )
    locale = Locale.objects.order_by("pk").first()
    root = Page.objects.get(depth=1)
    home = HomePage.objects.create(
        title="Home",
        draft_title="Home",
        slug="home",
        content_type=content_type,
        path=f"{root.path}0001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page": home, "site_name": "Gazette"},
    )


def remove_homepage(apps: Any, schema_editor: Any) -> None:
    apps.get_model("publishing.HomePage").objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0001_initial"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
