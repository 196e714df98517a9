"""What the shared layer stores: the tokens that have been used up."""

from __future__ import annotations

from django.db import models


class SpentToken(models.Model):
    """A single-use token that has been used (its SHA-256, never the token)."""

    digest = models.CharField(max_length=64, unique=True)
    purpose = models.CharField(max_length=80)
    spent_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.purpose} token spent at {self.spent_at:%Y-%m-%d %H:%M}"
