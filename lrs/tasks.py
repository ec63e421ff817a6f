"""Celery tasks of the LRS: forwarding the outbox."""

from __future__ import annotations

from celery import shared_task

from lrs.forwarding import ForwardingError, outbox_forward, outbox_has_due


@shared_task(
    autoretry_for=(ForwardingError,), retry_backoff=10, retry_backoff_max=600, max_retries=None
)
def outbox_forward_task() -> dict[str, int]:
    """Send the outbox to the external LRS; retry with backoff while it is down."""
    result = outbox_forward()
    return {"sent": result.sent, "remaining": result.remaining}


@shared_task
def outbox_requeue_task() -> bool:
    """Celery beat: queue a forwarding run when entries are waiting (nothing stays stuck)."""
    if outbox_has_due():
        outbox_forward_task.delay()
        return True
    return False
