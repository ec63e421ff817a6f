"""The thin trigger: publishing a kit queues its PDF renders and its skills alignment."""

from __future__ import annotations

from typing import Any

from wagtail.models import Revision

from mediation_kits.models import KitPage
from mediation_kits.tasks import kit_alignments_sync_task, kit_pdfs_render_task


def kit_published_queue(
    sender: type[KitPage], instance: KitPage, revision: Revision | None = None, **kwargs: Any
) -> None:
    """On `page_published`, queue the renders and the alignment once the publish commits."""
    if revision is not None:
        kit_pdfs_render_task.delay_on_commit(instance.pk, revision.pk)
    kit_alignments_sync_task.delay_on_commit(instance.pk)
