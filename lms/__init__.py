"""Wiring: settings, root URLs, the Celery app, WSGI/ASGI."""

from lms.celery import app as celery_app

__all__ = ["celery_app"]
