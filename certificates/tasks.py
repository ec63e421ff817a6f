"""Celery tasks of certificates: thin wrappers taking ids, owning the retries."""

from __future__ import annotations

from celery import shared_task

from certificates.models import Certificate, CertificateBundle
from certificates.services import bundle_build, bundles_purge, certificate_pdf_render


@shared_task(autoretry_for=(OSError,), retry_backoff=10, retry_backoff_max=300, max_retries=5)
def certificate_pdf_render_task(certificate_id: int) -> str:
    """Render and store a certificate's PDF (no-op when it is already stored)."""
    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is None:
        return ""
    return certificate_pdf_render(certificate=certificate).pdf.name


@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=10,
    max_retries=3,
    time_limit=1800,
    soft_time_limit=1740,
)
def bundle_build_task(bundle_id: int) -> int:
    """Build a hand-over ZIP; return the number of PDFs in it."""
    bundle = CertificateBundle.objects.filter(pk=bundle_id).first()
    if bundle is None:
        return 0
    return bundle_build(bundle=bundle).total


@shared_task
def bundles_purge_task() -> int:
    """Delete hand-over ZIPs past their retention period."""
    return bundles_purge()
