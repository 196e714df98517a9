"""Attach discussion to publishing: the comment section, comment counts, and
editors' questions on passages in the admin."""

from __future__ import annotations

from types import ModuleType
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from gazette.discussion import inline, keys, selectors
from gazette.discussion.errors import InvalidComment
from gazette.discussion.forms import InlineQuestionForm
from gazette.discussion.models import InlineQuestion
from gazette.discussion.section import comment_section


@hooks.register("gazette_article_context")
def article_comments(request: HttpRequest, page: Any) -> dict[str, Any]:
    """The comment section under every article (thread key ``page-<id>``)."""
    return {
        "comments_template": "discussion/section.html",
        "discussion": comment_section(
            request, key=keys.page_key(page.pk), url=page.url
        ),
    }


@hooks.register("gazette_annotate_articles")
def article_comment_counts(articles: list[Any]) -> None:
    """Set ``comment_count`` on article cards, one query for the whole list."""
    found = selectors.counts(keys.page_key(a.pk) for a in articles)
    for article in articles:
        article.comment_count = found[keys.page_key(article.pk)]


class QuestionCreateView(generic.CreateView):
    def save_instance(self) -> InlineQuestion:
        return inline.question_save(self.form.draft(), user=self.request.user)


class QuestionEditView(generic.EditView):
    def save_instance(self) -> InlineQuestion:
        return inline.question_save(self.form.draft(), question=self.object)


class QuestionDeleteView(generic.DeleteView):
    """An answered question stays: readers' answers point at its passage."""

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            inline.question_delete(self.object)
        except InvalidComment as refused:
            messages.error(self.request, refused.message)
            return redirect(reverse("inline_questions:edit", args=[self.object.pk]))
        messages.success(self.request, _("The question was deleted."))
        return redirect(reverse("inline_questions:index"))


class InlineQuestionViewSet(ModelViewSet):
    """Editors' questions on passages: readers answer them beside the words."""

    model = InlineQuestion
    name = "inline_questions"
    icon = "help"
    menu_label = _("Inline questions")
    menu_order = 252
    add_to_admin_menu = True
    add_view_class = QuestionCreateView
    edit_view_class = QuestionEditView
    delete_view_class = QuestionDeleteView
    list_display = [
        "text",
        Column("quote", label=_("Passage")),
        "thread",
        "is_open",
        "created_at",
    ]
    list_filter = ["is_open"]
    search_fields = ["text"]
    copy_view_enabled = False

    def get_form_class(self, for_update: bool = False) -> type:
        return InlineQuestionForm


@hooks.register("register_admin_viewset")
def inline_question_viewset() -> ModelViewSet:
    return InlineQuestionViewSet()


@hooks.register("gazette_reader_data")
def reader_data() -> ModuleType:
    """What this app holds about a reader (see ``gazette.readers.holders``)."""
    from gazette.discussion import reader_data

    return reader_data
