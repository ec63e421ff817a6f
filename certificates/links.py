"""Absolute URLs and IRIs of certificates, built from settings.SITE_URL."""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.urls import reverse

from certificates.codes import code_display


def absolute(path: str) -> str:
    """An absolute URL on this site."""
    return f"{settings.SITE_URL}{path}"


def verify_url(code: str) -> str:
    """The public verification page of a code (what the QR code holds)."""
    return absolute(reverse("certificates:verify_code", kwargs={"code": code_display(code)}))


def issuer_url() -> str:
    """The issuer profile (the Open Badges issuer id)."""
    return absolute(reverse("certificates:issuer_profile"))


def key_url(thumbprint: str) -> str:
    """One public signing key, as a JWK (the `kid` of the credentials it signed)."""
    return absolute(reverse("certificates:issuer_key", kwargs={"thumbprint": thumbprint}))


def keys_url() -> str:
    """Every published signing key, as a JWK set."""
    return absolute(reverse("certificates:issuer_keys"))


def status_list_url(list_number: int) -> str:
    """A public revocation status list."""
    return absolute(reverse("certificates:status_list", kwargs={"number": list_number}))


def achievement_iri(achievement_key: str) -> str:
    """The stable identifier of an achievement (the same for every person who earns it)."""
    return absolute(reverse("certificates:issuer_profile") + "achievements/") + quote(
        achievement_key, safe=":-_."
    )
