"""E-mail receipts: one per payment, plain text and HTML."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from gazette.core.links import absolute
from gazette.funding import money
from gazette.funding.models import Donation
from gazette.readers import identity


def receipt_send(*, donation_id: int) -> bool:
    """Send the receipt unless it was sent; False when there is nothing to send.

    The donation is claimed first (``receipt_sent_at``), so two workers never
    send the same receipt; a failed send releases the claim for a retry.
    """
    claimed = Donation.objects.filter(
        pk=donation_id, receipt_sent_at=None, status=Donation.Status.PAID
    ).exclude(donor_email="")
    if not claimed.update(receipt_sent_at=timezone.now()):
        return False
    donation = Donation.objects.select_related("drive").get(pk=donation_id)
    try:
        _send(donation)
    except Exception:
        Donation.objects.filter(pk=donation_id).update(receipt_sent_at=None)
        raise
    return True


def _badge_url(donation: Donation) -> str:
    """A link that proves the donor's address and shows their badge, if asked."""
    if not donation.supporter_badge:
        return ""
    token = identity.email_proof(donation.donor_email)
    return absolute(reverse("funding:badge", kwargs={"token": token}))


def _send(donation: Donation) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "donation": donation,
            "drive": donation.drive,
            "amount": money.money(donation.amount, donation.currency),
            "site_name": settings.WAGTAIL_SITE_NAME,
            "drive_url": absolute(donation.drive.get_absolute_url()),
            "badge_url": _badge_url(donation),
        }
        subject = render_to_string("funding/mail/receipt_subject.txt", context)
        mail = EmailMultiAlternatives(
            subject=" ".join(subject.split()),
            body=render_to_string("funding/mail/receipt.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[donation.donor_email],
        )
        mail.attach_alternative(
            render_to_string("funding/mail/receipt.html", context), "text/html"
        )
        mail.send()
