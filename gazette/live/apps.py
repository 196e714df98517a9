from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "gazette.live"
    label = "live"
    verbose_name = _("Live updates")

    def ready(self) -> None:
        from gazette.live import receivers

        receivers.connect()
