"""Development: ``make run``. ``DEBUG`` stays off unless ``DEBUG=true``.

Debug pages show settings and source to whoever can reach the server, so they
are opt-in, and ``manage.py serve`` refuses them on any address but loopback.
"""

from config.settings.base import *  # noqa: F403
