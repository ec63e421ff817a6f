"""App configuration for skills."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkillsConfig(AppConfig):
    """Competence frameworks, alignments, evidence and each person's skill record."""

    name = "skills"
    verbose_name = _("Skills")

    def ready(self) -> None:
        from accounts.demo import register_demo_step
        from accounts.home import register_home_panel
        from lrs.listeners import register_statement_listener
        from organizations.editors import Role, register_role_permissions
        from skills import demo, panels
        from skills.services import evidence_collect

        register_statement_listener(
            "skills", lambda rows: evidence_collect(statements=rows), order=10
        )
        register_home_panel(
            "skills", template="skills/panel.html", get_context=panels.skills_panel, order=30
        )
        register_demo_step("skills", demo.seed, order=40)
        register_role_permissions(
            Role.NETWORK_TEAM,
            [f"skills.{a}_framework" for a in ("add", "change", "delete", "view")],
        )
