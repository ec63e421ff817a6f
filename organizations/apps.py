"""App configuration for organizations."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    """The MEL network: communes, libraries, memberships and role scopes."""

    name = "organizations"
    verbose_name = _("Network organisation")

    def ready(self) -> None:
        from accounts.demo import register_demo_step
        from organizations import demo

        register_demo_step("organizations", demo.seed, order=10)
