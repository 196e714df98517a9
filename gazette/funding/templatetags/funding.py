from __future__ import annotations

from decimal import Decimal

from django import template

from gazette.funding import money

register = template.Library()


@register.filter(name="money")
def money_filter(amount: Decimal | None, currency: str) -> str:
    """``{{ amount|money:"USD" }}`` → $3,250 in the reader's language."""
    return money.money(Decimal(amount or 0), currency)
