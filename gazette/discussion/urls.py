from django.urls import path

from gazette.discussion import views
from gazette.discussion.feeds import ThreadFeed

app_name = "discussion"

urlpatterns = [
    path("comments/post/", views.comment_post, name="post"),
    path("comments/sort/", views.comments_sort, name="sort"),
    path("comments/feed/<path:key>", ThreadFeed(), name="feed"),
    path("comments/<id:comment_id>/", views.comment_permalink, name="permalink"),
    path("comments/<id:comment_id>/reply/", views.comment_reply, name="reply"),
    path("comments/<id:comment_id>/edit/", views.comment_edit, name="edit"),
    path("comments/<id:comment_id>/delete/", views.comment_delete, name="delete"),
    path("comments/<id:comment_id>/vote/", views.comment_vote, name="vote"),
]
