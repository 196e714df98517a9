"""Production: PostgreSQL, Redis and nginx in front (see deploy/ and the README).

SECRET_KEY, DATABASE_URL (PostgreSQL) and REDIS_URL are required: the process
stops at start-up with a message naming what is missing. Static files are
collected with ``manage.py collectstatic`` and served by nginx with hashed
names; media live on disk or, with GAZETTE_S3_BUCKET, in S3-compatible storage.
"""

from django.core.exceptions import ImproperlyConfigured

from config import env
from config.settings.base import *  # noqa: F403

DEBUG = False

if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":  # noqa: F405
    raise ImproperlyConfigured(
        "GAZETTE_ENV=production needs PostgreSQL: set DATABASE_URL="
        "postgres://USER:PASSWORD@HOST:5432/NAME (see deploy/env.example)."
    )
if not REDIS_URL:  # noqa: F405
    raise ImproperlyConfigured(
        "GAZETTE_ENV=production needs Redis: set REDIS_URL=redis://HOST:6379/0 "
        "(see deploy/env.example)."
    )

GAZETTE_SERVE_MEDIA = env.get_bool("GAZETTE_SERVE_MEDIA", default=False)
S3_BUCKET = env.get_str("GAZETTE_S3_BUCKET")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
if S3_BUCKET:
    # Credentials come from the usual AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
    # variables (or the machine's role); django-storages reads them itself.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env.get_str("GAZETTE_S3_ENDPOINT_URL") or None,
            "region_name": env.get_str("GAZETTE_S3_REGION") or None,
            "custom_domain": env.get_str("GAZETTE_S3_CUSTOM_DOMAIN") or None,
            "location": "media",
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": False,
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
# nginx adds the reader's address to X-Forwarded-For; one proxy by default.
GAZETTE_PROXY_COUNT = env.get_int("GAZETTE_PROXY_COUNT", default=1, minimum=0)
