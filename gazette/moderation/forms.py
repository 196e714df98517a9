"""The policy form in the admin: kinds of harm as check boxes, not JSON."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from gazette.moderation.scoring.kinds import KINDS, LABELS

NONE = "none"


class PolicyForm(WagtailAdminModelForm):
    allowed_kinds = forms.MultipleChoiceField(
        label=_("Kinds of harm allowed"),
        choices=[
            *((kind, LABELS[kind]) for kind in KINDS),
            (NONE, _("None: hold every kind above the threshold")),
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Published whatever their score; the other kinds are held above the "
            "threshold. Nothing ticked inherits from the policy above (the "
            "default allows profanity aimed at no one, as most newsrooms do)."
        ),
    )

    def clean_allowed_kinds(self) -> list[str] | None:
        chosen: list[str] = self.cleaned_data.get("allowed_kinds") or []
        if NONE in chosen and len(chosen) > 1:
            raise forms.ValidationError(
                _("Choose “None” alone, or the kinds to allow.")
            )
        return chosen or None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.allowed_kinds is not None:
            self.initial["allowed_kinds"] = self.instance.allowed_kinds
