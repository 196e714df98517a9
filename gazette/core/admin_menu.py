"""Admin menu items shown only to staff with one permission."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wagtail.admin.menu import MenuItem

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class PermissionMenuItem(MenuItem):  # type: ignore[misc]
    """A menu item for those who hold ``permission`` (``app_label.codename``)."""

    def __init__(
        self, label: StrOrPromise, url: str, *, permission: str, **kwargs: Any
    ) -> None:
        super().__init__(label, url, **kwargs)
        self.permission = permission

    def is_shown(self, request: Any) -> bool:
        return bool(request.user.has_perm(self.permission))
