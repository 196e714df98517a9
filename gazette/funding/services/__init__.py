"""Funding's writes: starting a checkout, provider events, staff-entered gifts."""

from gazette.funding.services.checkout import checkout_start
from gazette.funding.services.donations import donation_record_manual
from gazette.funding.services.drives import drive_save
from gazette.funding.services.webhooks import event_process

__all__ = ["checkout_start", "donation_record_manual", "drive_save", "event_process"]
