"""App configuration for dashboards."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    """Read-only skills dashboards for the metropolis, each commune and each library."""

    name = "dashboards"
    verbose_name = _("Dashboards")

    def ready(self) -> None:
        from accounts.demo import register_demo_step
        from dashboards import demo, listeners

        listeners.register()
        register_demo_step("dashboards", demo.seed, order=90)
