"""Signals the funding app sends, always after the transaction commits.

- ``donation_changed``: a donation was paid, refunded, disputed, or edited by
  staff; sent with ``sender=Donation`` and ``donation=<Donation>``.
"""

from django.dispatch import Signal

donation_changed = Signal()
