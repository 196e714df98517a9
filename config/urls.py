"""Gazette's URLs. Wagtail's page tree serves everything not matched before it."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import set_language
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from config.api import api, not_found
from gazette.discussion import embed
from gazette.discussion import urls as discussion_urls
from gazette.funding import urls as funding_urls
from gazette.funding import views as funding_views
from gazette.moderation import urls as moderation_urls
from gazette.notifications import urls as notifications_urls
from gazette.publishing import urls as publishing_urls
from gazette.readers import urls as readers_urls

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("api/v1/", api.urls),
    re_path(r"^api/v1/(?P<rest>[\s\S]*)$", not_found),  # newlines too
    path("embed/threads/<path:key>", embed.thread, name="embed_thread"),
    path("embed/drives/<slug:slug>", funding_views.embed, name="embed_drive"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include(publishing_urls)),
    path("", include(discussion_urls)),
    path("", include(moderation_urls)),
    path("", include(funding_urls)),
    path("", include(notifications_urls)),
    path("", include(readers_urls)),
    # Signing in with a provider: allauth's views, un-namespaced as it names them.
    path("account/providers/", include("allauth.socialaccount.urls")),
    path(
        "account/providers/",
        include("allauth.socialaccount.providers.openid_connect.urls"),
    ),
    path("account/providers/", include("allauth.socialaccount.providers.github.urls")),
]

if settings.GAZETTE_SERVE_MEDIA:
    # Uploaded images on one machine; production puts nginx or S3 in front.
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [
        re_path(
            rf"^{media_prefix}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

urlpatterns += [path("", include(wagtail_urls))]
