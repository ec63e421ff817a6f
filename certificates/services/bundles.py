"""Bulk hand-over: a ZIP of certificate PDFs built by a worker, with progress and e-mail.

`bundle_create` takes plain ids, so courses and workshops (above this app) can link to
the hand-over page with their people or certificates preselected:
`/certificates/manage/?users=3,7,9&achievement=path:12` or `?certificates=41,42`.
"""

from __future__ import annotations

import datetime
import tempfile
import zipfile
from collections.abc import Sequence

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from certificates.links import absolute
from certificates.models import Certificate, CertificateBundle
from certificates.selectors import Selection, can_hand_over, certificates_selected
from certificates.services.issue import certificate_pdf_render
from common.storage import rows_with_files_delete

MAX_BUNDLE = 2000
# Progress is written every this many certificates (and at the end).
PROGRESS_STEP = 5


@transaction.atomic
def bundle_create(
    *,
    requested_by: AbstractBaseUser,
    certificate_ids: Sequence[int] = (),
    user_ids: Sequence[int] = (),
    library_id: int | None = None,
    achievement: str = "",
    label: str = "",
) -> CertificateBundle:
    """Ask for a ZIP of the valid certificates selected in the requester's scope."""
    if not can_hand_over(requested_by):
        raise PermissionDenied(_("You may not hand certificates over."))
    selection = Selection(
        library_id=library_id,
        achievement=achievement.strip(),
        user_ids=tuple(user_ids),
        certificate_ids=tuple(certificate_ids),
    )
    certificates = list(certificates_selected(requested_by, selection).values_list("pk", flat=True))
    if not certificates:
        raise ValidationError(_("No valid certificate matches this selection."))
    if len(certificates) > MAX_BUNDLE:
        raise ValidationError(
            _("Select at most %(max)d certificates at a time.") % {"max": MAX_BUNDLE}
        )
    bundle = CertificateBundle.objects.create(
        requested_by=requested_by, label=label.strip()[:200], total=len(certificates)
    )
    bundle.certificates.set(certificates)
    from certificates.tasks import bundle_build_task

    bundle_build_task.delay_on_commit(bundle.pk)
    return bundle


def _member_name(certificate: Certificate, used: set[str]) -> str:
    """A unique, readable file name inside the ZIP."""
    base = f"{slugify(certificate.person_name) or 'attestation'}-{certificate.display_code}"
    name, number = f"{base}.pdf", 2
    while name in used:
        name, number = f"{base}-{number}.pdf", number + 1
    used.add(name)
    return name


def bundle_build(*, bundle: CertificateBundle) -> CertificateBundle:
    """Build the ZIP, writing progress as it goes, then e-mail the link.

    Not one transaction on purpose: progress must be visible to the page polling it.
    Each step (a PDF rendered when missing, a progress update, the end) commits alone.
    """
    CertificateBundle.objects.filter(pk=bundle.pk).update(
        status=CertificateBundle.Status.RUNNING, done_count=0, error=""
    )
    certificates = list(bundle.certificates.filter(revoked_at__isnull=True).order_by("title", "pk"))
    total = len(certificates)
    try:
        with tempfile.TemporaryFile() as scratch:
            used: set[str] = set()
            with zipfile.ZipFile(scratch, "w", compression=zipfile.ZIP_STORED) as archive:
                for position, certificate in enumerate(certificates, start=1):
                    stored = certificate_pdf_render(certificate=certificate)
                    with stored.pdf.open("rb") as handle:
                        archive.writestr(_member_name(stored, used), handle.read())
                    if position % PROGRESS_STEP == 0 or position == total:
                        CertificateBundle.objects.filter(pk=bundle.pk).update(
                            done_count=position, total=total
                        )
            scratch.seek(0)
            return _bundle_finish(bundle, File(scratch), total)
    except Exception:
        CertificateBundle.objects.filter(pk=bundle.pk).update(
            status=CertificateBundle.Status.FAILED,
            error="archive",
            finished_at=timezone.now(),
        )
        raise


@transaction.atomic
def _bundle_finish(bundle: CertificateBundle, archive: File, total: int) -> CertificateBundle:
    """Store the ZIP, mark the bundle ready and e-mail its link to the requester."""
    bundle = CertificateBundle.objects.select_related("requested_by").get(pk=bundle.pk)
    stamp = timezone.localtime().strftime("%Y%m%d")
    bundle.archive.save(f"attestations-{stamp}.zip", archive, save=False)
    bundle.status = CertificateBundle.Status.DONE
    bundle.done_count = bundle.total = total
    bundle.finished_at = timezone.now()
    bundle.save(update_fields=["archive", "status", "done_count", "total", "finished_at"])
    _bundle_mail(bundle)
    return bundle


def _bundle_mail(bundle: CertificateBundle) -> None:
    """Queue the e-mail with the link to the ready bundle."""
    from accounts.tasks import email_send_task

    email = getattr(bundle.requested_by, "email", "")
    if not email:
        return
    link = absolute(reverse("certificates:bundle_detail", kwargs={"bundle_uuid": bundle.uuid}))
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your certificates are ready to download")
        body = _(
            "Hello,\n\nThe %(count)d certificates you asked for (%(label)s) are gathered in "
            "one ZIP file. Download it from this page (you will be asked to log in):\n\n"
            "%(link)s\n\nThe file is kept for %(days)d days.\n\n— BNM Formation"
        ) % {
            "count": bundle.total,
            "label": bundle.label or _("hand-over"),
            "link": link,
            "days": settings.CERTIFICATES_BUNDLE_RETENTION_DAYS,
        }
    email_send_task.delay_on_commit(subject=subject, body=body, to=[email])


@transaction.atomic
def bundles_purge(*, older_than: datetime.datetime | None = None) -> int:
    """Delete bundles (and their ZIP files) older than the retention period; return how many."""
    limit = older_than or timezone.now() - datetime.timedelta(
        days=settings.CERTIFICATES_BUNDLE_RETENTION_DAYS
    )
    return rows_with_files_delete(CertificateBundle.objects.filter(created_at__lt=limit), "archive")
