from django.apps import AppConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class ReadersConfig(AppConfig):
    """Who a reader is: accounts, sign-in, names; their data, and its erasure."""

    name = "gazette.readers"
    label = "readers"
    verbose_name = _("Readers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The receivers are local functions: the signals hold them (weak=False).
        from allauth.account.signals import user_logged_in
        from django.contrib.auth import get_user_model
        from django.contrib.auth.signals import user_logged_out
        from django.db.models.signals import m2m_changed, post_save

        from gazette.readers import names, providers, sessions

        def staff_changed(*args: object, **kwargs: object) -> None:
            names.forget_staff()

        users = get_user_model()
        post_save.connect(
            staff_changed, sender=users, weak=False, dispatch_uid="readers-staff"
        )
        m2m_changed.connect(
            staff_changed,
            sender=users.groups.through,
            weak=False,
            dispatch_uid="readers-groups",
        )

        def signed_out(request: HttpRequest | None, **kwargs: object) -> None:
            if request is not None and hasattr(request, "session"):
                sessions.forget(request.session.session_key)

        user_logged_out.connect(
            signed_out, weak=False, dispatch_uid="readers-signed-out"
        )

        def provider_signed_in(
            request: HttpRequest, user: object, sociallogin: object = None, **_: object
        ) -> None:
            if sociallogin is not None:
                providers.signed_in(request, user, sociallogin)

        user_logged_in.connect(
            provider_signed_in, weak=False, dispatch_uid="readers-provider"
        )
