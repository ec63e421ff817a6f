"""System checks: the signing key, when configured, must be a readable Ed25519 key."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register
from django.core.exceptions import ImproperlyConfigured

from certificates.signing import private_key_parse


@register()
def signing_key_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Report a CERTIFICATES_SIGNING_KEY that cannot sign (at start-up, not at first badge)."""
    configured = getattr(settings, "CERTIFICATES_SIGNING_KEY", "") or ""
    if not configured:
        return []
    try:
        private_key_parse(configured)
    except ImproperlyConfigured as error:
        return [Error(str(error), id="certificates.E001")]
    return []
