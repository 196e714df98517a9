"""Domain errors of the funding app; ``config/api.py`` maps them to HTTP."""

from __future__ import annotations

from gazette.core.errors import DomainError


class FundingError(DomainError):
    """Base class of the funding app's errors."""


class InvalidDonation(FundingError):
    """Input that cannot become a donation; ``errors`` maps fields to messages."""

    code = "invalid"


class DriveNotFound(FundingError):
    status = 404
    code = "drive_not_found"


class GiftNotFound(FundingError):
    status = 404
    code = "gift_not_found"


class DriveClosed(FundingError):
    """The drive has not started yet, or has ended."""

    status = 409
    code = "drive_closed"


class DonationsUnavailable(FundingError):
    """No payment provider is configured (no Stripe keys)."""

    status = 503
    code = "donations_unavailable"


class ProviderFailed(FundingError):
    """The payment provider could not be reached, or refused the request."""

    status = 502
    code = "provider_failed"


class BadSignature(FundingError):
    """A webhook whose signature is missing, wrong or too old."""

    code = "bad_signature"
