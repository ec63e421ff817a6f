"""Celery tasks of the LRS: forwarding the outbox to an external LRS.

Forwarding is queued with `delay_on_commit` when statements are stored. With a real
worker, a failed send is retried when the outbox entries are due again (their backoff:
10 s, 20 s, 40 s… up to an hour), and Celery beat re-queues whatever is due every minute,
so a worker restart or a broker outage loses nothing. Tasks that find nothing due end at
once, so the many tasks queued while the external LRS is down collapse into one retry
chain.

When tasks run eagerly (no broker: development and unit tests), the task runs in the
request that stored the statements, right after the commit. There it never retries
inline and never raises: the failed attempt is recorded on the outbox entries
(attempts, last error, next attempt) and the beat entry (or the next stored batch)
sends them later. A storing request therefore never fails because the external LRS is
down.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils import timezone

from lrs.forwarding import (
    ForwardingError,
    outbox_forward,
    outbox_has_due,
    outbox_next_attempt_at,
)

logger = logging.getLogger(__name__)


def _seconds_until_due() -> float | None:
    """Seconds until the earliest waiting entry is due (None when nothing waits)."""
    next_at = outbox_next_attempt_at()
    if next_at is None:
        return None
    return max((next_at - timezone.now()).total_seconds(), 0.0) + 0.5


@shared_task(bind=True, max_retries=None, acks_late=True)
def outbox_forward_task(self) -> dict[str, int]:  # noqa: ANN001 - Celery's bound task
    """Send the outbox to the external LRS; retry when the entries are due again."""
    try:
        result = outbox_forward()
    except ForwardingError as exc:
        if self.request.is_eager:
            logger.warning("LRS forwarding failed, left in the outbox: %s", exc)
            return {"sent": 0, "remaining": -1}
        raise self.retry(exc=exc, countdown=_seconds_until_due() or 10.0) from exc
    if result.sent and result.remaining and result.next_attempt_at and not self.request.is_eager:
        # The external LRS is back but some entries still wait out the backoff of an
        # earlier failure: come back when they are due. (A run that sent nothing ends, so
        # the chains of retries collapse into one.)
        self.apply_async(countdown=_seconds_until_due() or 10.0)
    return {"sent": result.sent, "remaining": result.remaining}


@shared_task
def outbox_requeue_task() -> bool:
    """Celery beat: queue a forwarding run when entries are waiting (nothing stays stuck)."""
    if outbox_has_due():
        outbox_forward_task.delay()
        return True
    return False
