"""WSGI entry point."""

import os

from django.core.wsgi import get_wsgi_application

from lms.runtime import tune_collector

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
application = get_wsgi_application()
tune_collector()
