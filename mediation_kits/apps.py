"""App configuration for mediation_kits."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationKitsConfig(AppConfig):
    """Printable mediation kits bound to the network's services."""

    name = "mediation_kits"
    verbose_name = _("Mediation kits")

    def ready(self) -> None:
        from wagtail.signals import page_published

        from accounts.demo import register_demo_step
        from mediation_kits import demo
        from mediation_kits.models import KitPage
        from mediation_kits.signals import kit_published_queue
        from organizations.editors import Role, register_role_permissions

        page_published.connect(kit_published_queue, sender=KitPage, dispatch_uid="kit_published")
        register_demo_step("mediation_kits", demo.seed, order=50)
        register_role_permissions(
            Role.NETWORK_TEAM,
            ["mediation_kits.view_screenchangereport", "mediation_kits.change_screenchangereport"],
        )
