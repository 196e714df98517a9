from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared layout, static files and helpers that every app uses."""

    name = "gazette.core"
    label = "core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gazette.core import signin  # noqa: F401  (counts failed sign-ins)
