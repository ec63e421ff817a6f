"""Celery tasks of workshops: thin wrappers over services, run by Celery beat."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from workshops.services import session_reminders_send, trainer_digests_send


@shared_task(autoretry_for=(OperationalError,), retry_backoff=60, max_retries=5)
def session_reminders_send_task() -> int:
    """Send tomorrow's reminders (idempotent: each person is reminded once)."""
    return session_reminders_send()


@shared_task(autoretry_for=(OperationalError,), retry_backoff=60, max_retries=5)
def trainer_digests_send_task() -> int:
    """Send every trainer the digest of their coming sessions."""
    return trainer_digests_send()
