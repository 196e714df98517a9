"""Discussion listens to publishing: passages are found again on every publish."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from wagtail.signals import page_published

from gazette.discussion import inline


@receiver(page_published, dispatch_uid="discussion-relocate-passages")
def relocate_passages(sender: Any, instance: Any, **kwargs: Any) -> None:
    """The editor published a new version: find each commented passage in it."""
    inline.passages_relocate(page=instance)
