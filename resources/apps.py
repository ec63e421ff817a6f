"""App configuration for resources."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    """The registry of the network's shared services and their deep links."""

    name = "resources"
    verbose_name = _("Network services")

    def ready(self) -> None:
        from accounts.demo import register_demo_step
        from resources import demo

        register_demo_step("resources", demo.seed, order=20)
