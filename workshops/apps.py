"""App configuration for workshops."""

from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    """The workshops app."""

    name = "workshops"
