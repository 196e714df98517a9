"""pytest: the real database named by DATABASE_URL, tasks run at once."""

from config.settings.base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"level": "WARNING"},
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not the in-memory default: shared-cache memory databases fail
    # concurrent writers at once, where the real WAL file makes them wait.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}  # noqa: F405

# The contextual scorer re-reads posts in the worker (tasks run at once here):
# tests that look at it turn it on themselves, the rest stay fast.
GAZETTE_TOXICITY_BACKGROUND_SCORER = ""
