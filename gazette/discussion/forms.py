"""Admin form: an editor's question on a passage of an article."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminPageChooser
from wagtail.models import Page

from gazette.discussion import inline
from gazette.discussion.errors import InvalidComment
from gazette.discussion.models import InlineQuestion


class InlineQuestionForm(WagtailAdminModelForm):
    page = forms.ModelChoiceField(
        queryset=Page.objects.all(),
        widget=AdminPageChooser(),
        label=_("Article"),
    )
    passage = forms.CharField(
        label=_("Passage"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Copy the words the question is about from the published article, "
            "exactly; quote enough of them to be found in one place only."
        ),
    )

    class Meta:
        model = InlineQuestion
        fields = ["page", "passage", "text", "is_open"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        question = self.instance
        if question.pk:
            self.initial.setdefault("page", question.thread.page_id)
            self.initial.setdefault("passage", question.quote)

    def draft(self) -> inline.QuestionDraft:
        data = self.cleaned_data
        return inline.QuestionDraft(
            page=data.get("page"),
            quote=data.get("passage", ""),
            text=data.get("text", ""),
            is_open=bool(data.get("is_open")),
        )

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()
        if self.errors:
            return cleaned
        try:
            inline.question_check(self.draft())
        except InvalidComment as refused:
            for field, message in refused.errors.items():
                self.add_error(field if field in self.fields else None, message)
        return cleaned
