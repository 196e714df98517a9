from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadersConfig(AppConfig):
    """Who a reader is: accounts, sign-in, names; their data, and its erasure."""

    name = "gazette.readers"
    label = "readers"
    verbose_name = _("Readers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed, post_save

        from gazette.readers import names

        def staff_changed(*args: object, **kwargs: object) -> None:
            names.forget_staff()

        users = get_user_model()
        post_save.connect(staff_changed, sender=users, dispatch_uid="readers-staff")
        m2m_changed.connect(
            staff_changed, sender=users.groups.through, dispatch_uid="readers-groups"
        )
