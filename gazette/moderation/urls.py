from django.urls import path

from gazette.moderation import views

app_name = "moderation"

urlpatterns = [
    path("comments/<id:comment_id>/report/", views.comment_report, name="report"),
    path("comments/appeal/<str:token>/", views.appeal, name="appeal"),
]
