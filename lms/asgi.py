"""ASGI entry point."""

import os

from django.core.asgi import get_asgi_application

from lms.runtime import tune_collector

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
application = get_asgi_application()
tune_collector()
