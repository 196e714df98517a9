"""Development: ``make run``. Debug on unless ``DEBUG=false``."""

from config import env
from config.settings.base import *  # noqa: F403

DEBUG = env.get_bool("DEBUG", default=True)
