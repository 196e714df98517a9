"""The application uvicorn serves: ``uvicorn config.asgi:application``.

Four layers, outermost first:

1. ``FastReads`` answers cached thread reads and comment counts without
   entering Django (see gazette/discussion/fastpath.py).
2. ``DirectWrites`` runs comment posts and votes in one hop on a thread of
   its own (see config/direct.py).
3. Everything else runs through Django's WSGI handler on a fixed pool of
   ``GAZETTE_APP_THREADS`` threads (a2wsgi). Each thread keeps its database
   connection between requests; Django's ASGI handler would start a thread and
   open a connection for every request, which halves the posting rate.
0. In front of them all, ``LiveEvents`` serves Server-Sent Events streams as
   coroutines of the event loop (see gazette/live/sse.py); they never hold a
   thread of the pool.
"""

import gc
import os

from a2wsgi import WSGIMiddleware
from django.conf import settings
from django.core.wsgi import get_wsgi_application

from config.env import settings_module

os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module())

django_application = get_wsgi_application()

# Imported after Django is set up: it uses models and settings.
from django.urls import reverse  # noqa: E402

from config.direct import DirectWrites  # noqa: E402
from gazette.discussion.fastpath import FastReads  # noqa: E402
from gazette.live.sse import LiveEvents  # noqa: E402

# Build the URL resolver now (Wagtail's admin has hundreds of routes) rather
# than in the first reader's request.
reverse("discussion:permalink", args=[1])

application = LiveEvents(
    FastReads(
        DirectWrites(
            WSGIMiddleware(django_application, workers=settings.GAZETTE_APP_THREADS),  # type: ignore[arg-type]
            django_application,
        )
    )
)

# Everything loaded so far (Django, Wagtail, the URL resolver, the models)
# lives as long as the process: leave it out of the garbage collector's
# full passes, which would otherwise walk all of it while requests wait.
gc.freeze()
