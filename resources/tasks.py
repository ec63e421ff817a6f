"""Celery tasks of the service registry."""

from __future__ import annotations

from celery import shared_task

from resources.services import link_checks_run


@shared_task(soft_time_limit=240)
def link_checks_run_task() -> dict[str, int]:
    """Celery beat: check every URL of the registry and record the results."""
    rows = link_checks_run()
    return {"checked": len(rows), "broken": sum(1 for row in rows if not row.is_ok)}
