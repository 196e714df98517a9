from django.urls import path

from gazette.notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/follow/", views.follow, name="follow"),
    path("notifications/confirm/<str:token>/", views.confirm, name="confirm"),
    path(
        "notifications/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"
    ),
    path("notifications/manage/<str:token>/", views.manage, name="manage"),
    path("notifications/account/stop/", views.account_stop, name="account_stop"),
]
