"""App configuration for h5p."""

from django.apps import AppConfig


class H5pConfig(AppConfig):
    """The h5p app."""

    name = "h5p"
