"""Celery tasks of the courses app: thin wrappers that take ids."""

from __future__ import annotations

from celery import shared_task

from courses.models import TrainingPathPage
from courses.services import path_completions_refresh


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def path_completions_refresh_task(path_id: int) -> int:
    """Complete the enrollments a removed lesson has left finished."""
    path = TrainingPathPage.objects.filter(pk=path_id).first()
    if path is None:
        return 0
    return path_completions_refresh(path=path)
