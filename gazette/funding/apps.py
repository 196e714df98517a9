from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "gazette.funding"
    label = "funding"
    verbose_name = _("Funding")

    def ready(self) -> None:
        from gazette.funding import receivers

        receivers.connect()
