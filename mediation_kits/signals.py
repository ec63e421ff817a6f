"""Thin triggers: a publish queues the PDF renders and the skills alignment; an unpublish
deletes the PDFs; a deleted PDF row (pruned, unpublished, page deleted) takes its file along.
"""

from __future__ import annotations

from typing import Any

from wagtail.models import Revision

from mediation_kits.models import KitPage, KitPdf
from mediation_kits.services import kit_pdf_file_delete, kit_pdfs_delete
from mediation_kits.tasks import kit_alignments_sync_task, kit_pdfs_render_task


def kit_published_queue(
    sender: type[KitPage], instance: KitPage, revision: Revision | None = None, **kwargs: Any
) -> None:
    """On `page_published`, queue the renders and the alignment once the publish commits."""
    if revision is not None:
        kit_pdfs_render_task.delay_on_commit(instance.pk, revision.pk)
    kit_alignments_sync_task.delay_on_commit(instance.pk)


def kit_unpublished_clear(sender: type[KitPage], instance: KitPage, **kwargs: Any) -> None:
    """On `page_unpublished`, delete the kit's stored PDFs (and their files)."""
    kit_pdfs_delete(page=instance)


def kit_pdf_deleted(sender: type[KitPdf], instance: KitPdf, **kwargs: Any) -> None:
    """On `post_delete` of a PDF row, delete its file once the deletion commits."""
    kit_pdf_file_delete(pdf=instance)
