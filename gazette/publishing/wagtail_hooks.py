"""Register authors as a Wagtail snippet so editors manage bylines in the admin."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from gazette.publishing.models import Author


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = "Authors"
    list_display = ("name", "role")
    search_fields = ("name",)
    add_to_admin_menu = True


register_snippet(AuthorViewSet)
