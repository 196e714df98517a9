"""ASGI entry point: ``uvicorn config.asgi:application``."""

import os

from django.core.asgi import get_asgi_application

from config.env import settings_module

os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module())

django_application = get_asgi_application()

# Imported after Django is set up: it uses models and settings.
from gazette.discussion.fastpath import FastReads  # noqa: E402

application = FastReads(django_application)
