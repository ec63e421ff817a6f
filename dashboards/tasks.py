"""Celery tasks of the dashboards: large exports, the nightly rebuild, the new year."""

from __future__ import annotations

import logging

from celery import shared_task
from django.core.exceptions import PermissionDenied
from django.http import Http404

from dashboards.services import levels_year_ensure, summaries_rebuild
from dashboards.services.exports import export_build, export_fail, exports_purge

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=3, default_retry_delay=30, acks_late=True)
def export_build_task(self, export_id: str) -> str:  # noqa: ANN001 - Celery's bound task
    """Build one export; a refused scope fails it at once, other errors are retried."""
    try:
        export_build(export_id=export_id)
    except (PermissionDenied, Http404) as exc:
        export_fail(export_id=export_id, error=str(exc))
    except Exception as exc:
        if self.request.is_eager or self.request.retries >= self.max_retries:
            logger.exception("Dashboard export %s failed", export_id)
            # The details stay in the log: the person sees a generic message (views.py).
            export_fail(export_id=export_id, error="")
            return export_id
        raise self.retry(exc=exc) from exc
    return export_id


@shared_task(acks_late=True)
def summaries_rebuild_task() -> dict[str, int]:
    """Recompute every summary table from evidence and statements (nightly)."""
    result = summaries_rebuild()
    return result.__dict__


@shared_task(acks_late=True)
def levels_year_ensure_task() -> int:
    """Carry the level counts into the new year (on the first of January)."""
    return levels_year_ensure()


@shared_task(acks_late=True)
def exports_purge_task() -> int:
    """Delete the prepared exports past their retention period (and their files)."""
    return exports_purge()
