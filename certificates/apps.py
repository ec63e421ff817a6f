"""App configuration for certificates."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    """Certificates: frozen snapshots, PDF, public verification, hand-over, Open Badges."""

    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self) -> None:
        from accounts.demo import register_demo_step
        from accounts.home import register_home_panel
        from certificates import checks, demo
        from certificates.views.learner import home_panel_context
        from organizations.editors import Role, register_role_permissions

        del checks  # registers the system checks
        register_demo_step("certificates", demo.seed, order=60)
        register_home_panel(
            "certificates",
            template="certificates/home_panel.html",
            get_context=home_panel_context,
            order=60,
        )
        register_role_permissions(
            Role.NETWORK_TEAM,
            [
                f"certificates.{action}_certificatetemplate"
                for action in ("add", "change", "delete", "view", "publish")
            ],
        )
