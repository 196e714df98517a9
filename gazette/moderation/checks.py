"""System checks: moderation settings that name things that do not exist."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from gazette.moderation.scoring.kinds import KINDS


@checks.register(checks.Tags.compatibility)
def allowed_kinds(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    unknown = sorted(set(settings.GAZETTE_MODERATION_ALLOWED_KINDS) - set(KINDS))
    if not unknown:
        return []
    return [
        checks.Error(
            "GAZETTE_MODERATION_ALLOWED_KINDS names unknown kinds: "
            + ", ".join(unknown),
            hint=f"Choose from: {', '.join(KINDS)}.",
            id="gazette.moderation.E001",
        )
    ]
