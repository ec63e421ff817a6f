"""App configuration for certificates."""

from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    """The certificates app."""

    name = "certificates"
