"""App configuration for accounts."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """The custom user model and authentication."""

    name = "accounts"
    verbose_name = _("Accounts")
