"""Celery tasks of mediation kits: PDF renders and skills alignments after a publish."""

from __future__ import annotations

from celery import shared_task
from wagtail.models import Revision

from mediation_kits.models import KitPage
from mediation_kits.services import kit_alignments_sync, kit_pdfs_render


@shared_task(autoretry_for=(OSError,), retry_backoff=5, max_retries=3)
def kit_pdfs_render_task(page_id: int, revision_id: int) -> list[int]:
    """Render the three PDF variants of a published kit revision."""
    page = KitPage.objects.filter(pk=page_id).first()
    revision = Revision.objects.filter(pk=revision_id).first()
    if page is None or revision is None:
        return []
    return [pdf.pk for pdf in kit_pdfs_render(page=page, revision=revision)]


@shared_task
def kit_alignments_sync_task(page_id: int) -> int:
    """Align the kit's activity with the competences it serves."""
    page = KitPage.objects.filter(pk=page_id).first()
    if page is None:
        return 0
    return len(kit_alignments_sync(page=page))
