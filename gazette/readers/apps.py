from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadersConfig(AppConfig):
    """A reader's own data: proving an address, downloading it all, erasure."""

    name = "gazette.readers"
    label = "readers"
    verbose_name = _("Reader data")
    default_auto_field = "django.db.models.BigAutoField"
