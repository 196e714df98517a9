"""Admin forms: a drive, a gift staff received by hand, and edits of a gift."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from gazette.funding import money
from gazette.funding.models import Donation, Drive


def _currency(value: str) -> str:
    code = value.strip().upper()
    if not money.is_currency(code):
        raise forms.ValidationError(
            _("%(code)s is not a currency code we know."), params={"code": code}
        )
    return code


class DriveForm(WagtailAdminModelForm):
    class Meta:
        model = Drive
        fields = [
            "title",
            "slug",
            "goal",
            "currency",
            "starts_at",
            "ends_at",
            "story",
            "thank_you",
            "preset_amounts",
            "featured",
        ]

    def clean_currency(self) -> str:
        return _currency(self.cleaned_data["currency"])

    def clean_preset_amounts(self) -> str:
        raw = self.cleaned_data["preset_amounts"]
        parts = [part.strip() for part in raw.split(",") if part.strip()]
        if any(money.parse_amount(part) is None for part in parts):
            raise forms.ValidationError(
                _("List positive amounts separated by commas, such as 10, 25, 50.")
            )
        return ", ".join(parts)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("A drive must end after it starts."))
        return data


class ManualDonationForm(WagtailAdminModelForm):
    """A cheque, a bank transfer, crypto: entered by staff, counted as paid."""

    send_receipt = forms.BooleanField(
        label=_("E-mail a receipt to the donor"), required=False, initial=True
    )

    class Meta:
        model = Donation
        fields = [
            "drive",
            "amount",
            "currency",
            "method",
            "frequency",
            "paid_at",
            "donor_name",
            "donor_email",
            "anonymous",
            "on_wall",
            "supporter_badge",
            "message",
            "article",
            "note",
        ]
        labels = {"paid_at": _("received")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = [
            choice
            for choice in Donation.Method.choices
            if choice[0] != Donation.Method.CARD
        ]
        self.fields["method"].initial = Donation.Method.TRANSFER
        self.fields["paid_at"].required = True
        self.fields["currency"].required = False
        self.fields["currency"].help_text = _("Leave empty for the drive's currency.")

    def clean_currency(self) -> str:
        raw = self.cleaned_data.get("currency") or ""
        return _currency(raw) if raw.strip() else ""

    def clean_amount(self) -> Any:
        amount = self.cleaned_data["amount"]
        if amount is None or amount <= 0:
            raise forms.ValidationError(_("Enter an amount above zero."))
        return amount

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        drive = data.get("drive")
        if drive is not None and not data.get("currency"):
            data["currency"] = drive.currency
        if data.get("send_receipt") and not data.get("donor_email"):
            self.add_error(
                "donor_email", _("A receipt needs the donor's e-mail address.")
            )
        return data


class DonationEditForm(WagtailAdminModelForm):
    """What staff may change on any gift; amounts change only through payments."""

    class Meta:
        model = Donation
        fields = [
            "donor_name",
            "anonymous",
            "on_wall",
            "supporter_badge",
            "message",
            "note",
        ]
