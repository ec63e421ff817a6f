"""App configuration for lrs."""

from django.apps import AppConfig


class LrsConfig(AppConfig):
    """The lrs app."""

    name = "lrs"
