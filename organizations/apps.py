"""App configuration for organizations."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    """The MEL network: communes, libraries, memberships and role scopes."""

    name = "organizations"
    verbose_name = _("Network organisation")

    def ready(self) -> None:
        from accounts.demo import register_demo_step
        from organizations import demo, editors, listeners

        register_demo_step("organizations", demo.seed, order=10)
        editors.connect()
        listeners.connect()
        editors.register_role_permissions(
            editors.Role.NETWORK_TEAM,
            [
                "organizations.view_commune",
                "organizations.change_commune",
                *(f"organizations.{a}_library" for a in ("add", "change", "view")),
                *(f"organizations.{a}_membership" for a in ("add", "change", "delete", "view")),
                # The registry of network services (resources sits beside organizations and
                # cannot import it, so its editors' rights are declared here).
                *(f"resources.{a}_networkservice" for a in ("add", "change", "delete", "view")),
                "resources.view_linkcheck",
            ],
        )
