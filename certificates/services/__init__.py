"""Writes of certificates: issue, render, revoke, bundle (see each module)."""

from certificates.services.bundles import bundle_build, bundle_create, bundles_purge
from certificates.services.issue import certificate_issue, certificate_pdf_render
from certificates.services.revocation import certificate_revoke, certificate_withdraw

__all__ = [
    "bundle_build",
    "bundle_create",
    "bundles_purge",
    "certificate_issue",
    "certificate_pdf_render",
    "certificate_revoke",
    "certificate_withdraw",
]
