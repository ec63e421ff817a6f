"""App configuration for h5p."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class H5pConfig(AppConfig):
    """H5P packages: validation, shared libraries, the isolated player and its xAPI bridge."""

    name = "h5p"
    verbose_name = _("H5P exercises")

    def ready(self) -> None:
        from accounts.demo import register_demo_step
        from h5p import demo
        from organizations.editors import Role, register_role_permissions

        register_demo_step("h5p", demo.seed, order=35)
        register_role_permissions(
            Role.NETWORK_TEAM,
            [
                *(f"h5p.{a}_h5pcontent" for a in ("add", "change", "delete", "view")),
                "h5p.view_h5plibrary",
            ],
        )
