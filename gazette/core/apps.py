from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared layout, static files and helpers that every app uses."""

    name = "gazette.core"
    label = "core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.urls import register_converter

        from gazette.core import signin  # noqa: F401  (counts failed sign-ins)
        from gazette.core.converters import IdConverter

        register_converter(IdConverter, "id")
