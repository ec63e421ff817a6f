"""The real path: PDFs and the hand-over ZIP are built by a separate Celery worker.

Runs in CI's PostgreSQL stage (`.ci/run` starts `celery -A lms worker`); skipped locally
without CELERY_BROKER_URL. The worker writes to the configured MEDIA_ROOT, so this test
reads files there (not in the per-test temporary folder).
"""

import io
import time
import zipfile

import pytest
from django.conf import settings

from certificates.models import Certificate, CertificateBundle
from certificates.services import bundle_create
from tests.certificates.factories import issue

WORKER_MEDIA_ROOT = settings.MEDIA_ROOT  # read at import, before the per-test override


def wait_until(predicate, timeout: float = 120.0) -> None:
    """Poll until `predicate()` is true."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    raise AssertionError(f"not done after {timeout}s")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_worker_renders_pdfs_and_builds_the_zip(settings, network) -> None:
    """Issued certificates get their PDF from the worker; the ZIP holds one PDF per person."""
    settings.MEDIA_ROOT = WORKER_MEDIA_ROOT
    people = [network.agent_a, network.agent_a2, network.head_a]
    certificates = [issue(person, achievement_key="workshop-cycle:77") for person in people]
    ids = [certificate.pk for certificate in certificates]
    wait_until(
        lambda: (
            Certificate.objects.filter(pk__in=ids, pdf_rendered_at__isnull=False).count()
            == len(ids)
        )
    )
    bundle = bundle_create(requested_by=network.network_team, certificate_ids=ids)
    wait_until(
        lambda: (
            CertificateBundle.objects.get(pk=bundle.pk).status
            in {CertificateBundle.Status.DONE, CertificateBundle.Status.FAILED}
        )
    )
    bundle.refresh_from_db()
    assert bundle.status == CertificateBundle.Status.DONE
    try:
        with bundle.archive.open("rb") as handle:
            names = zipfile.ZipFile(io.BytesIO(handle.read())).namelist()
        assert len(names) == len(people)
    finally:
        bundle.archive.delete(save=False)
        for certificate in Certificate.objects.filter(pk__in=ids):
            certificate.pdf.delete(save=False)
