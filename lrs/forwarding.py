"""Forwarding stored statements to an external LRS, through the outbox table.

Statements enter the outbox in the transaction that stores them, so a broker or an
external LRS that is down loses nothing. A batch is sent with a timeout; on failure
each entry gets a growing delay before its next attempt. Statement ids make re-sends
idempotent on the receiving LRS, so a batch sent twice duplicates nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import httpx
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from lrs.models import OutboxEntry

MAX_BACKOFF = timedelta(hours=1)


class ForwardingError(Exception):
    """The external LRS did not accept a batch."""


@dataclass(frozen=True)
class ForwardResult:
    """How many statements a call sent, and how many are still waiting."""

    sent: int
    remaining: int


def backoff_for(attempts: int) -> timedelta:
    """Delay before the next attempt: 10 s, 20 s, 40 s… capped at one hour."""
    return min(timedelta(seconds=10 * 2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def _due() -> Q:
    return Q(sent_at__isnull=True) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=timezone.now())
    )


def outbox_send_batch(*, client: httpx.Client | None = None) -> int:
    """Send one batch of due outbox entries; return how many were sent."""
    url = settings.LRS_FORWARD_URL.rstrip("/") + "/statements"
    with transaction.atomic():
        entries = list(
            OutboxEntry.objects.select_for_update(skip_locked=True)
            .filter(_due())
            .select_related("statement")
            .order_by("pk")[: settings.LRS_FORWARD_BATCH_SIZE]
        )
        if not entries:
            return 0
        payload = [entry.statement.data for entry in entries]
        own_client = client is None
        http = client or httpx.Client(timeout=settings.LRS_FORWARD_TIMEOUT)
        try:
            response = http.post(
                url,
                json=payload,
                auth=(settings.LRS_FORWARD_USERNAME, settings.LRS_FORWARD_PASSWORD),
                headers={"X-Experience-API-Version": "1.0.3"},
            )
            error = None if response.status_code in (200, 204) else f"HTTP {response.status_code}"
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"
        finally:
            if own_client:
                http.close()
        now = timezone.now()
        if error is None:
            OutboxEntry.objects.filter(pk__in=[e.pk for e in entries]).update(
                sent_at=now, last_error=""
            )
            return len(entries)
        for entry in entries:
            entry.attempts += 1
            entry.last_error = error[:2000]
            entry.next_attempt_at = now + backoff_for(entry.attempts)
        OutboxEntry.objects.bulk_update(entries, ["attempts", "last_error", "next_attempt_at"])
    raise ForwardingError(error)


def outbox_forward(*, max_batches: int = 50) -> ForwardResult:
    """Send due batches until the outbox is empty (or `max_batches` were sent)."""
    sent = 0
    if not settings.LRS_FORWARD_URL:
        return ForwardResult(sent=0, remaining=0)
    with httpx.Client(timeout=settings.LRS_FORWARD_TIMEOUT) as client:
        for _ in range(max_batches):
            count = outbox_send_batch(client=client)
            if not count:
                break
            sent += count
    remaining = OutboxEntry.objects.filter(sent_at__isnull=True).count()
    return ForwardResult(sent=sent, remaining=remaining)


def outbox_has_due() -> bool:
    """Whether some entry is waiting and due."""
    return OutboxEntry.objects.filter(_due()).exists()
