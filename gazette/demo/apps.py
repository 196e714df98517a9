from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo newsroom. It uses every other app; no app uses it."""

    name = "gazette.demo"
    label = "demo"
    default_auto_field = "django.db.models.BigAutoField"
