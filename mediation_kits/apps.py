"""App configuration for mediation_kits."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationKitsConfig(AppConfig):
    """Printable mediation kits bound to the network's services."""

    name = "mediation_kits"
    verbose_name = _("Mediation kits")

    def ready(self) -> None:
        from django.db.models.signals import post_delete
        from wagtail.signals import page_published, page_unpublished

        from accounts.demo import register_demo_step
        from mediation_kits import demo
        from mediation_kits.models import KitPage, KitPdf
        from mediation_kits.signals import (
            kit_pdf_deleted,
            kit_published_queue,
            kit_unpublished_clear,
        )
        from organizations.editors import Role, register_role_permissions

        page_published.connect(kit_published_queue, sender=KitPage, dispatch_uid="kit_published")
        page_unpublished.connect(
            kit_unpublished_clear, sender=KitPage, dispatch_uid="kit_unpublished"
        )
        post_delete.connect(kit_pdf_deleted, sender=KitPdf, dispatch_uid="kit_pdf_deleted")
        register_demo_step("mediation_kits", demo.seed, order=50)
        register_role_permissions(
            Role.NETWORK_TEAM,
            ["mediation_kits.view_screenchangereport", "mediation_kits.change_screenchangereport"],
        )
