"""App configuration for dashboards."""

from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    """The dashboards app."""

    name = "dashboards"
