"""A donor's recurring gift, changed or stopped in Stripe's customer portal.

The account page offers it for each recurring gift made with the signed-in
reader's address; Stripe's webhook (``customer.subscription.deleted``) brings
the change back, and the page shows it.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from gazette.funding import gateway
from gazette.funding.errors import GiftNotFound, InvalidDonation
from gazette.funding.models import Donation


def manageable(donation: Donation) -> bool:
    """A recurring gift, paid, still running, with Stripe's customer known."""
    return (
        donation.frequency != Donation.Frequency.ONE_TIME
        and donation.status == Donation.Status.PAID
        and donation.subscription_ended_at is None
        and bool(donation.customer_id)
    )


def portal_url(*, donation_id: int, email: str, return_url: str) -> str:
    """Stripe's portal for the gift, if it is ``email``'s own and can change."""
    donation = (
        Donation.objects.filter(pk=donation_id, donor_email__iexact=email).first()
        if email
        else None
    )
    if donation is None:
        raise GiftNotFound(_("There is no such gift of yours."))
    if not manageable(donation):
        raise InvalidDonation(
            _("Only a recurring gift that is still running can be changed.")
        )
    return gateway.gateway().portal_create(donation.customer_id, return_url)
