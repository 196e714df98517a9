"""Amounts of money: minor units for the provider, and display per locale."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from babel import Locale
from babel.numbers import (
    UnknownCurrencyError,
    format_currency,
    format_percent,
    get_currency_precision,
    validate_currency,
)
from django.utils import translation

from gazette.core import numbers


def is_currency(code: str) -> bool:
    """Whether ``code`` is an ISO 4217 currency Babel knows."""
    try:
        validate_currency(code)
    except UnknownCurrencyError:
        return False
    return True


def precision(currency: str) -> int:
    """Digits after the point: 2 for USD, 0 for JPY, 3 for KWD."""
    return int(get_currency_precision(currency.upper()))


def to_minor(amount: Decimal, currency: str) -> int:
    """25.00 USD → 2500 (what Stripe calls the amount in the smallest unit)."""
    return int((amount * 10 ** precision(currency)).to_integral_value(ROUND_HALF_UP))


def from_minor(units: int, currency: str) -> Decimal:
    """2500 USD → Decimal("25.00")."""
    exact = Decimal(units) / Decimal(10) ** precision(currency)
    return exact.quantize(Decimal("0.01"))


parse_amount = numbers.parse_amount


def _locale() -> Locale:
    return Locale.parse(translation.to_locale(translation.get_language() or "en"))


def money(amount: Decimal, currency: str) -> str:
    """An amount as readers of the current language write it: $3,250 or 3250 US$.

    Whole amounts drop the cents, as on the goal bar of the reference page.
    """
    locale = _locale()
    pattern = locale.currency_formats["standard"].pattern
    if amount == amount.to_integral_value():
        pattern = pattern.replace(".00", "")
    return format_currency(
        amount, currency, format=pattern, locale=locale, currency_digits=False
    )


def percent(fraction: float) -> str:
    return format_percent(fraction, locale=_locale())
