from django.urls import path

from gazette.funding import views

app_name = "funding"

urlpatterns = [
    path("support/", views.support, name="support"),
    path("support/badge/<str:token>/", views.badge, name="badge"),
    path(
        "support/gifts/<id:donation_id>/manage/",
        views.gift_manage,
        name="gift_manage",
    ),
    path("support/<slug:slug>/", views.drive, name="drive"),
    path("support/<slug:slug>/thanks/", views.thanks, name="thanks"),
]
