"""Writes for mediation kits: PDF renders (cached by revision), screen reports, alignments."""

from __future__ import annotations

import secrets
import time
from collections.abc import Sequence
from typing import Any, cast

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Revision

from common.storage import file_delete_after_commit
from mediation_kits.models import KitPage, KitPdf, ScreenChangeReport
from mediation_kits.pdf import VARIANTS, kit_pdf_bytes
from mediation_kits.selectors import (
    kit_activity_iri,
    kit_competences,
    kit_content,
    kit_pdf_cached,
    kit_steps,
)


def _revision_content(page: KitPage, revision: Revision | None) -> KitPage:
    """The kit as it stands in `revision` (the page itself when there is none)."""
    if revision is None:
        return page
    return cast(KitPage, revision.as_object())


@transaction.atomic
def kit_pdf_store(
    *,
    page: KitPage,
    revision: Revision | None,
    variant: str,
    fingerprint: str,
    pdf: bytes,
    render_ms: int,
) -> KitPdf:
    """Store a rendered PDF; when another process stored the same render first, keep theirs."""
    row = KitPdf(
        page=page,
        revision=revision,
        variant=variant,
        fingerprint=fingerprint,
        size_bytes=len(pdf),
        render_ms=render_ms,
        rendered_at=timezone.now(),
    )
    key = {"page": page, "revision": revision, "variant": variant, "fingerprint": fingerprint}
    existing = KitPdf.objects.filter(**key).first()
    if existing is not None:
        if existing.file and existing.file.storage.exists(existing.file.name):
            return existing
        existing.delete()  # its file was lost: replace it
    # A private folder (mediation_kits.storage) and a random name: only the download view,
    # which checks the kit is live and visible to the requester, leads to the file.
    name = f"kit-{page.pk}-{variant}-{secrets.token_hex(16)}.pdf"
    row.file.save(name, ContentFile(pdf), save=False)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:  # stored meanwhile by another worker
        row.file.delete(save=False)
        return KitPdf.objects.get(**key)
    return row


def kit_pdf_render(*, page: KitPage, variant: str, revision: Revision | None = None) -> KitPdf:
    """The PDF of a kit revision (default: the live one), rendered now unless already stored.

    Renders outside any transaction (WeasyPrint takes a while), then stores the file.
    """
    if variant not in VARIANTS:
        raise ValueError(f"unknown kit PDF variant: {variant}")
    if revision is None and page.live_revision_id:
        revision = page.live_revision
    with translation.override(settings.LANGUAGE_CODE):
        content = kit_content(_revision_content(page, revision))
    if (revision.pk if revision else None) == page.live_revision_id:
        cached = kit_pdf_cached(page, variant, content.fingerprint)
        if cached is not None:
            return cached
    started = time.perf_counter()
    pdf = kit_pdf_bytes(content, variant)
    render_ms = round((time.perf_counter() - started) * 1000)
    return kit_pdf_store(
        page=page,
        revision=revision,
        variant=variant,
        fingerprint=content.fingerprint,
        pdf=pdf,
        render_ms=render_ms,
    )


@transaction.atomic
def kit_pdfs_prune(*, page: KitPage) -> int:
    """Delete the kit's PDFs of revisions other than the live one (files after commit)."""
    stale = KitPdf.objects.filter(page=page).exclude(revision_id=page.live_revision_id)
    count, _by_model = stale.delete()
    return count


@transaction.atomic
def kit_pdfs_delete(*, page: KitPage) -> int:
    """Delete every stored PDF of a kit taken off the site (files after commit)."""
    count, _by_model = KitPdf.objects.filter(page=page).delete()
    return count


def kit_pdf_file_delete(*, pdf: KitPdf) -> None:
    """Delete the file of a PDF row being deleted, once the deletion commits."""
    if pdf.file:
        file_delete_after_commit(pdf.file.storage, pdf.file.name)


def kit_pdfs_render(*, page: KitPage, revision: Revision) -> list[KitPdf]:
    """Render the three variants of a published revision (nothing if no longer live)."""
    if revision.pk != page.live_revision_id:
        return []
    pdfs = [kit_pdf_render(page=page, variant=variant, revision=revision) for variant in VARIANTS]
    kit_pdfs_prune(page=page)
    return pdfs


@transaction.atomic
def screen_change_report_create(
    *, page: KitPage, step_id: str, comment: str, user: AbstractBaseUser
) -> ScreenChangeReport:
    """Record that a step's screen has changed; the editors see it in the admin."""
    steps = kit_steps(page)
    if step_id not in steps:
        raise ValidationError(_("This step is no longer in the kit: reload the page."))
    number, title = steps[step_id]
    report = ScreenChangeReport(
        page=page,
        step_id=step_id,
        step_number=number,
        step_title=title[:255],
        comment=comment.strip(),
        reported_by=user,
        reported_at=timezone.now(),
    )
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def kit_alignments_sync(*, page: KitPage) -> list[Any]:
    """Set the skills alignments of the kit's activity from its competences."""
    from skills.services import alignments_set

    items: Sequence[tuple[Any, int]] = kit_competences(page)
    return alignments_set(activity_iri=kit_activity_iri(page), items=items)
