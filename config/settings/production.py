"""Production: PostgreSQL, Redis and a reverse proxy terminating TLS.

SECRET_KEY is required (``config.env`` fails fast without it). Static files are
collected with ``manage.py collectstatic`` and served with hashed names.
"""

from config import env
from config.settings.base import *  # noqa: F403

DEBUG = False
GAZETTE_SERVE_MEDIA = env.get_bool("GAZETTE_SERVE_MEDIA", default=False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
WHITENOISE_USE_FINDERS = False
STATIC_ROOT = DATA_DIR / "static"  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.get_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.get_int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Submitting a domain to the browsers' HSTS preload list is hard to undo and
# covers every subdomain; a newsroom opts in deliberately, not by default.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
