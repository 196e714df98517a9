from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterchangeConfig(AppConfig):
    """Importers (WordPress WXR, Disqus, Isso, Gazette) and exporters."""

    name = "gazette.interchange"
    label = "interchange"
    verbose_name = _("Import and export")
