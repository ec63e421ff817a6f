"""App configuration for mediation_kits."""

from django.apps import AppConfig


class MediationKitsConfig(AppConfig):
    """The mediation_kits app."""

    name = "mediation_kits"
