from django.urls import path

from gazette.readers import account_views, views

app_name = "readers"
urlpatterns = [
    path("privacy/my-data/", views.request_data, name="request"),
    path("privacy/my-data/yours/", views.yours, name="yours"),
    path("privacy/my-data/yours/download.json", views.download, name="download"),
    path("privacy/my-data/yours/erase/", views.erase, name="erase"),
    path("privacy/my-data/<str:token>/", views.data, name="data"),
    path("account/", account_views.account, name="account"),
    path("account/name/", account_views.account_name, name="account_name"),
    path("account/erase/", account_views.account_erase, name="account_erase"),
    path(
        "account/passkeys/<id:pk>/remove/",
        account_views.account_passkey_remove,
        name="account_passkey_remove",
    ),
    path(
        "account/sessions/<id:pk>/end/",
        account_views.account_session_end,
        name="account_session_end",
    ),
    path("account/sign-in/", account_views.sign_in, name="sign_in"),
    path("account/sign-in/code/", account_views.sign_in_code, name="sign_in_code"),
    path(
        "account/sign-in/<str:token>/",
        account_views.sign_in_link,
        name="sign_in_link",
    ),
    path("account/sign-out/", account_views.sign_out, name="sign_out"),
    path(
        "account/sign-out/everywhere/",
        account_views.sign_out_everywhere,
        name="sign_out_everywhere",
    ),
]
