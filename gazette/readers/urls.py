from django.urls import path

from gazette.readers import views

app_name = "readers"
urlpatterns = [
    path("privacy/my-data/", views.request_data, name="request"),
    path("privacy/my-data/yours/", views.yours, name="yours"),
    path("privacy/my-data/yours/download.json", views.download, name="download"),
    path("privacy/my-data/yours/erase/", views.erase, name="erase"),
    path("privacy/my-data/<str:token>/", views.data, name="data"),
]
