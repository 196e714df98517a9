"""Request checks every JSON API shares."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from gazette.core.errors import DomainError


def require_json(request: HttpRequest) -> None:
    """Refuse a body that is not ``application/json``.

    Browsers cannot send application/json to another origin without a CORS
    preflight we never grant, so this also stops cross-site request forgery.
    """
    if request.content_type != "application/json":
        raise DomainError(_("Send the request body as application/json."))
