from django.urls import path

from gazette.readers import views

app_name = "readers"
urlpatterns = [
    path("privacy/my-data/", views.request_data, name="request"),
    path("privacy/my-data/<str:token>/", views.data, name="data"),
    path("privacy/my-data/<str:token>/download.json", views.download, name="download"),
    path("privacy/my-data/<str:token>/erase/", views.erase, name="erase"),
]
