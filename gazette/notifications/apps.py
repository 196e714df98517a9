from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "gazette.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from gazette.notifications import receivers

        receivers.connect()
