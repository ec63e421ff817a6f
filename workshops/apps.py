"""App configuration for workshops."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    """In-person workshops: sessions, registrations, waitlists, attendance."""

    name = "workshops"
    verbose_name = _("Workshops")

    def ready(self) -> None:
        from accounts.demo import register_demo_step
        from accounts.home import register_home_panel
        from certificates.scopes import register_trainer_achievement_source
        from organizations.editors import Role, register_role_permissions
        from organizations.scopes import register_trainer_people_source
        from workshops import demo
        from workshops.panels import my_sessions_panel
        from workshops.selectors import trainer_achievement_keys, trainer_registrant_ids

        register_trainer_people_source("workshops", trainer_registrant_ids)
        register_trainer_achievement_source("workshops", trainer_achievement_keys)
        register_home_panel(
            "workshops",
            template="workshops/panels/my_sessions.html",
            get_context=my_sessions_panel,
            order=30,
        )
        register_demo_step("workshops", demo.seed, order=70)
        models = ("workshop", "session", "cycle")
        # Trainers edit only the workshops and sessions they train, and read cycles (the
        # admin's permission policies in wagtail_hooks narrow these model permissions).
        register_role_permissions(
            Role.TRAINER,
            [
                "workshops.view_cycle",
                *(f"workshops.{a}_{m}" for m in models[:2] for a in ("add", "change", "view")),
            ],
        )
        register_role_permissions(
            Role.NETWORK_TEAM,
            [
                "workshops.assign_trainers",
                *(
                    f"workshops.{a}_{m}"
                    for m in models
                    for a in ("add", "change", "delete", "view")
                ),
            ],
        )
