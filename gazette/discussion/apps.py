from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionConfig(AppConfig):
    """Threads, comments and votes; the comment section, its API and embed."""

    name = "gazette.discussion"
    label = "discussion"
    verbose_name = _("Discussion")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gazette.discussion import receivers  # noqa: F401
