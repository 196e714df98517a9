from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "gazette.moderation"
    label = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        from gazette.moderation import checks, receivers

        receivers.connect()
        del checks  # registered on import
