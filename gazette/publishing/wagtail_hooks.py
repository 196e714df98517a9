"""Authors as a Wagtail snippet; article text for the apps that point into it."""

from typing import Any

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from gazette.publishing import selectors
from gazette.publishing.models import ArticlePage, Author


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = "Authors"
    list_display = ("name", "role")
    search_fields = ("name",)
    add_to_admin_menu = True


register_snippet(AuthorViewSet)


@hooks.register("gazette_passage_texts")
def article_passage_texts(page: Any) -> dict[str, str] | None:
    """Paragraph texts by block id, for inline feedback; None for other pages."""
    page = page.specific
    if not isinstance(page, ArticlePage):
        return None
    return selectors.passage_texts(article=page)
