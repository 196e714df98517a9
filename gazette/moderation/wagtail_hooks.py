"""The moderation queue, audit log, bans, banned words and policies in the admin."""

from __future__ import annotations

from types import ModuleType
from typing import Any

from django.urls import path, reverse
from django.urls.resolvers import URLPattern
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from gazette.core.admin_menu import PermissionMenuItem
from gazette.moderation import admin_views, audit
from gazette.moderation.forms import PolicyForm
from gazette.moderation.models import AuditEntry, Ban, BannedTerm, Policy


@hooks.register("register_admin_urls")
def moderation_urls() -> list[URLPattern]:
    return [
        path("moderation/", admin_views.queue, name="moderation_queue"),
        path("moderation/act/", admin_views.act, name="moderation_act"),
        path("moderation/ban/<id:comment_id>/", admin_views.ban, name="moderation_ban"),
        path("moderation/audit/", admin_views.audit_log, name="moderation_audit"),
        path(
            "moderation/appeals/", admin_views.appeals_list, name="moderation_appeals"
        ),
        path(
            "moderation/transparency/",
            admin_views.transparency_report,
            name="moderation_transparency",
        ),
        path(
            "moderation/appeals/<id:appeal_id>/",
            admin_views.appeal_decide,
            name="moderation_appeal_decide",
        ),
    ]


@hooks.register("register_admin_menu_item")
def appeals_menu_item() -> PermissionMenuItem:
    return PermissionMenuItem(
        _("Appeals"),
        reverse("moderation_appeals"),
        permission=admin_views.PERMISSION,
        icon_name="help",
        order=252,
    )


@hooks.register("register_admin_menu_item")
def queue_menu_item() -> PermissionMenuItem:
    return PermissionMenuItem(
        _("Comments"),
        reverse("moderation_queue"),
        permission=admin_views.PERMISSION,
        icon_name="comment",
        order=250,
    )


@hooks.register("register_admin_menu_item")
def audit_menu_item() -> PermissionMenuItem:
    return PermissionMenuItem(
        _("Moderation log"),
        reverse("moderation_audit"),
        permission=admin_views.PERMISSION,
        icon_name="history",
        order=251,
    )


class BannedTermViewSet(SnippetViewSet):
    model = BannedTerm
    icon = "cross"
    list_display = ["term", "created_at"]
    search_fields = ["term"]


class BanViewSet(SnippetViewSet):
    model = Ban
    icon = "warning"
    list_display = ["__str__", "reason", "expires_at", "created_at"]
    list_filter = ["kind"]


class PolicyViewSet(SnippetViewSet):
    model = Policy
    icon = "cogs"
    list_display = ["__str__", "mode", "hold_threshold", "comments_closed"]
    edit_handler = ObjectList(
        [
            FieldPanel(name)
            for name in (
                "page",
                "mode",
                "hold_threshold",
                "allowed_kinds",
                "other_languages",
                "comments_closed",
                "close_after_days",
                "who_may_comment",
                "new_account_hours",
                "reports_to_hold",
            )
        ],
        base_form_class=PolicyForm,
    )


class ModerationGroup(SnippetViewSetGroup):
    items = (BannedTermViewSet, BanViewSet, PolicyViewSet)
    menu_icon = "comment"
    menu_label = _("Moderation rules")
    menu_name = "moderation-rules"
    menu_order = 252


register_snippet(ModerationGroup)


def _audit_rule_change(request: Any, instance: Any, verb: str) -> None:
    if not isinstance(instance, (Ban, BannedTerm, Policy)):
        return
    if isinstance(instance, Ban):
        action = (
            AuditEntry.Action.UNBANNED
            if verb == "deleted"
            else AuditEntry.Action.BANNED
        )
    else:
        action = AuditEntry.Action.RULES
    audit.log(
        None,
        action,
        actor=request.user,
        rule=f"{instance._meta.verbose_name} {verb}: {instance}",
        reason=getattr(instance, "reason", ""),
    )


@hooks.register("after_create_snippet")
def audit_created(request: Any, instance: Any) -> None:
    _audit_rule_change(request, instance, "added")


@hooks.register("after_edit_snippet")
def audit_edited(request: Any, instance: Any) -> None:
    _audit_rule_change(request, instance, "changed")


@hooks.register("after_delete_snippet")
def audit_deleted(request: Any, instances: Any) -> None:
    for instance in instances:
        _audit_rule_change(request, instance, "deleted")


@hooks.register("register_admin_menu_item")
def transparency_menu_item() -> PermissionMenuItem:
    return PermissionMenuItem(
        _("Transparency report"),
        reverse("moderation_transparency"),
        permission=admin_views.PERMISSION,
        icon_name="table",
        order=253,
    )


@hooks.register("gazette_reader_data", order=-10)
def reader_data() -> ModuleType:
    """What this app holds about a reader (see ``gazette.readers.holders``).

    Erased before discussion's part, which clears the addresses that find
    the queue's records."""
    from gazette.moderation import reader_data

    return reader_data


@hooks.register("gazette_sign_in_refusal")
def sign_in_refusal(user: Any, email: str) -> str | None:
    """A ban keeps an account from signing in (``readers.signin``)."""
    from gazette.moderation import reader_data

    return reader_data.sign_in_refusal(user, email)
