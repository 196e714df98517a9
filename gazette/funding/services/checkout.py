"""Starting a donation: check the input, stop card testers, open Checkout."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from wagtail.models import Page

from gazette.core import ratelimit
from gazette.core.db import write_transaction
from gazette.funding import gateway, money
from gazette.funding.errors import (
    DonationsUnavailable,
    DriveClosed,
    FundingError,
    InvalidDonation,
)
from gazette.funding.models import Donation, Drive

MAX_MESSAGE = 1000
MAX_NAME = 200


@dataclass(frozen=True)
class Pledge:
    """What a donor typed into the support form or sent to the API."""

    amount: str
    frequency: str
    name: str
    email: str
    anonymous: bool = False
    on_wall: bool = False
    supporter_badge: bool = False
    message: str = ""
    article_id: int | None = None
    honeypot: str = ""


def _check_amount(raw: str, currency: str, errors: dict[str, str]) -> Decimal:
    amount = money.parse_amount(raw)
    minimum = Decimal(settings.GAZETTE_DONATION_MIN_AMOUNT)
    maximum = Decimal(settings.GAZETTE_DONATION_MAX_AMOUNT)
    if amount is None:
        errors["amount"] = _("Enter an amount, such as 25 or 25.00.")
    elif amount < minimum:
        errors["amount"] = _("The smallest gift we can take is %(min)s.") % {
            "min": money.money(minimum, currency)
        }
    elif amount > maximum:
        errors["amount"] = _(
            "For gifts above %(max)s, please contact the newsroom."
        ) % {"max": money.money(maximum, currency)}
    elif amount != round(amount, money.precision(currency)):
        errors["amount"] = _("%(currency)s amounts have no cents.") % {
            "currency": currency
        }
    return amount or Decimal("0")


def check_pledge(pledge: Pledge, drive: Drive) -> dict[str, str]:
    """Field → message for everything wrong with the pledge (empty: all good)."""
    errors: dict[str, str] = {}
    _check_amount(pledge.amount, drive.currency, errors)
    if pledge.frequency not in Donation.Frequency.values:
        errors["frequency"] = _("Choose one time, monthly or yearly.")
    if len(pledge.name) > MAX_NAME:
        errors["name"] = _("Names can be at most %(limit)d characters.") % {
            "limit": MAX_NAME
        }
    try:
        validate_email(pledge.email)
    except ValidationError:
        errors["email"] = _("Enter the e-mail address for your receipt.")
    if len(pledge.message) > MAX_MESSAGE:
        errors["message"] = _("Messages can be at most %(limit)d characters.") % {
            "limit": MAX_MESSAGE
        }
    if pledge.article_id is not None and not (
        Page.objects.live().filter(pk=pledge.article_id).exists()
    ):
        errors["article_id"] = _("There is no published article with that id.")
    return errors


def _guard(pledge: Pledge, drive: Drive, ip_hash: str) -> None:
    """Card testers try many small charges fast: limit per network, e-mail, drive."""
    if pledge.honeypot:
        raise InvalidDonation(
            _("Leave the last field empty; it is there to catch robots.")
        )
    ratelimit.hit(
        scope="checkout-ip",
        key=ip_hash,
        rate=ratelimit.Rate.parse(settings.GAZETTE_RATELIMIT_CHECKOUT_IP),
    )
    ratelimit.hit(
        scope="checkout-email",
        key=pledge.email.strip().lower(),
        rate=ratelimit.Rate.parse(settings.GAZETTE_RATELIMIT_CHECKOUT_EMAIL),
    )
    ratelimit.hit(
        scope="checkout-drive",
        key=str(drive.pk),
        rate=ratelimit.Rate.parse(settings.GAZETTE_RATELIMIT_CHECKOUT_DRIVE),
    )


def checkout_start(
    *, drive: Drive, pledge: Pledge, ip_hash: str, base_url: str
) -> gateway.CheckoutSession:
    """Record a pending donation and open a hosted Checkout page for it.

    Raises InvalidDonation (with field errors), DriveClosed, RateLimited,
    DonationsUnavailable (no Stripe keys) or ProviderFailed. When the provider
    fails, the pending donation is removed again: nothing is left half-made.
    """
    if not gateway.configured():
        raise DonationsUnavailable(_("Online donations are not set up on this site."))
    if not drive.is_open():
        raise DriveClosed(_("This drive is not taking donations now."))
    errors = check_pledge(pledge, drive)
    if errors:
        raise InvalidDonation(_("Some fields need another look."), errors=errors)
    _guard(pledge, drive, ip_hash)
    amount = money.parse_amount(pledge.amount) or Decimal("0")  # checked above
    with write_transaction():
        donation = Donation.objects.create(
            drive=drive,
            amount=amount,
            currency=drive.currency,
            frequency=pledge.frequency,
            provider=Donation.Provider.STRIPE,
            livemode=gateway.live(),
            donor_name=pledge.name.strip(),
            donor_email=pledge.email.strip(),
            anonymous=pledge.anonymous,
            on_wall=pledge.on_wall,
            supporter_badge=pledge.supporter_badge,
            message=pledge.message.strip(),
            article_id=pledge.article_id,
            ip_hash=ip_hash,
        )
    back = f"{base_url.rstrip('/')}{drive.get_absolute_url()}"
    request = gateway.CheckoutRequest(
        donation_id=donation.pk,
        amount=donation.amount,
        currency=donation.currency,
        frequency=donation.frequency,
        product_name=_("Gift to %(newsroom)s: %(drive)s")
        % {"newsroom": settings.WAGTAIL_SITE_NAME, "drive": drive.title},
        email=donation.donor_email,
        success_url=f"{back}thanks/?session_id={{CHECKOUT_SESSION_ID}}",
        cancel_url=f"{back}?cancelled=1",
    )
    try:
        session = gateway.gateway().checkout_create(request)
    except FundingError:
        donation.delete()
        raise
    Donation.objects.filter(pk=donation.pk).update(checkout_session_id=session.id)
    return session
