from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    """Wagtail pages, images, authors, feeds and related coverage."""

    name = "gazette.publishing"
    label = "publishing"
    verbose_name = _("Publishing")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gazette.publishing import receivers

        receivers.connect()
