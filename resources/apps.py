"""App configuration for resources."""

from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    """The resources app."""

    name = "resources"
