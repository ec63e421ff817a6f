"""Celery tasks of skills: thin wrappers around the services."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from skills.services import activity_evidence_refresh


@shared_task(autoretry_for=(OperationalError,), retry_backoff=5, max_retries=5)
def activity_evidence_refresh_task(activity_iri: str) -> dict[str, int]:
    """Re-derive the evidence of an activity after its alignments changed."""
    result = activity_evidence_refresh(activity_iri=activity_iri)
    return {"created": result.created, "deleted": result.deleted}
