"""Background tasks for funding (django-tasks): receipts."""

from __future__ import annotations

from django_tasks import task

from gazette.funding import receipts


@task()
def send_receipt(donation_id: int) -> bool:
    """E-mail the donor a receipt for one payment, once."""
    return receipts.receipt_send(donation_id=donation_id)
