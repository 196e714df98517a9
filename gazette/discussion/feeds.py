"""An Atom feed of each thread's newest published comments."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from gazette.discussion import access, services
from gazette.discussion.errors import DiscussionError
from gazette.discussion.models import Comment, Thread

FEED_SIZE = 50


class ThreadFeed(Feed):  # type: ignore[type-arg]
    """``/comments/feed/<key>/``: the newest comments first, never an address."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, key: str) -> Thread:
        try:
            services.check_thread_key(key)
        except DiscussionError as error:
            raise Http404(error.message) from error
        thread = Thread.objects.filter(key=key).first()
        if thread is None:
            raise Http404(_("There is no such thread."))
        try:
            access.check_readable(key, request, thread)
        except DiscussionError as error:
            raise Http404(error.message) from error
        return thread

    def title(self, thread: Thread) -> str:
        return _("Comments on %(title)s") % {"title": thread.title or thread.key}

    def link(self, thread: Thread) -> str:
        from gazette.discussion.views import thread_url

        return thread_url(thread)

    def feed_url(self, thread: Thread) -> str:
        return reverse("discussion:feed", kwargs={"key": thread.key})

    def description(self, thread: Thread) -> str:
        return self.title(thread)

    def items(self, thread: Thread) -> list[Comment]:
        return list(
            thread.comments.filter(status=Comment.Status.PUBLISHED).order_by(
                "-created_at", "-pk"
            )[:FEED_SIZE]
        )

    def item_title(self, item: Comment) -> str:
        if item.featured_at:
            return _("Editors' pick: %(name)s wrote") % {"name": item.author_name}
        return _("%(name)s wrote") % {"name": item.author_name}

    def item_categories(self, item: Comment) -> list[str]:
        return ["editors-pick"] if item.featured_at else []

    def item_description(self, item: Comment) -> str:
        return item.html

    def item_link(self, item: Comment) -> str:
        return reverse("discussion:permalink", args=[item.pk])

    def item_author_name(self, item: Comment) -> str:
        return item.author_name

    def item_pubdate(self, item: Comment) -> datetime:
        return item.created_at

    def item_updateddate(self, item: Comment) -> datetime:
        return item.edited_at or item.created_at

    def item_guid(self, item: Comment) -> str:
        return f"comment-{item.pk}"
