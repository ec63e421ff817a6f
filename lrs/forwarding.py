"""Forwarding stored statements to an external LRS, through the outbox table.

Statements enter the outbox in the transaction that stores them, so a broker or an
external LRS that is down loses nothing. Due entries are claimed with
`SELECT … FOR UPDATE SKIP LOCKED` (two workers never send the same entry at once) and
sent as one POST, with a timeout. On failure each entry gets a growing delay before its
next attempt (10 s, 20 s, 40 s… up to an hour).

Statement ids make re-sends idempotent on the receiving LRS. An LRS answering 409 to a
batch (some statement of it is already stored there, for example after a timeout that
hid a success) gets the batch again one statement at a time with PUT ?statementId=, where
204 and 409 both mean "stored there". A statement the external LRS refuses on its own
(400, 403, 413) is marked rejected, shown in the admin, and no longer blocks the others.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from django.conf import settings
from django.db import transaction
from django.db.models import Count, Min, Q
from django.utils import timezone

from lrs.api.multipart import build_multipart
from lrs.models import Attachment, OutboxEntry

MAX_BACKOFF = timedelta(hours=1)
VERSION = "1.0.3"
REJECTED_STATUSES = (400, 403, 413)


class ForwardingError(Exception):
    """The external LRS did not accept a batch."""


@dataclass(frozen=True)
class ForwardResult:
    """How many statements a call sent, how many wait, and when the next one is due."""

    sent: int
    remaining: int
    next_attempt_at: datetime | None = None


def backoff_for(attempts: int) -> timedelta:
    """Delay before the next attempt: 10 s, 20 s, 40 s… capped at one hour."""
    return min(timedelta(seconds=10 * 2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def _due() -> Q:
    return Q(sent_at__isnull=True, is_rejected=False) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=timezone.now())
    )


def _statements_url() -> str:
    return settings.LRS_FORWARD_URL.rstrip("/") + "/statements"


def _body(payload: dict | list[dict]) -> tuple[bytes, str]:
    """The request body: JSON, or multipart/mixed when attachments travel with it."""
    text = json.dumps(payload, ensure_ascii=False).encode()
    statements = payload if isinstance(payload, list) else [payload]
    wanted = [
        attachment["sha2"]
        for statement in statements
        for attachment in statement.get("attachments") or ()
        if isinstance(attachment, dict) and not attachment.get("fileUrl")
    ]
    if not wanted:
        return text, "application/json"
    rows = {row.sha2: row for row in Attachment.objects.filter(sha2__in=wanted)}
    parts = [
        (sha2, rows[sha2].content_type, bytes(rows[sha2].content))
        for sha2 in dict.fromkeys(wanted)
        if sha2 in rows
    ]
    return build_multipart(text, parts)


def _send(
    client: httpx.Client,
    method: str,
    url: str,
    payload: dict | list[dict],
    params: dict[str, str] | None = None,
) -> int:
    """One request to the external LRS; its status code (raises httpx.HTTPError)."""
    content, content_type = _body(payload)
    response = client.request(
        method,
        url,
        params=params,
        content=content,
        auth=(settings.LRS_FORWARD_USERNAME, settings.LRS_FORWARD_PASSWORD),
        headers={"X-Experience-API-Version": VERSION, "Content-Type": content_type},
    )
    return response.status_code


def _one_by_one(client: httpx.Client, entries: list[OutboxEntry]) -> tuple[list, list, str]:
    """PUT each statement; return (stored there, rejected, last error)."""
    delivered, rejected, error = [], [], ""
    for entry in entries:
        data = entry.statement.data
        status = _send(client, "PUT", _statements_url(), data, {"statementId": data["id"]})
        if status in (200, 204, 409):
            delivered.append(entry)
        elif status in REJECTED_STATUSES:
            rejected.append(entry)
            error = f"HTTP {status} for statement {data['id']}"
        else:
            raise ForwardingError(f"HTTP {status}")
    return delivered, rejected, error


def outbox_send_batch(*, client: httpx.Client) -> int:
    """Send one batch of due outbox entries; return how many left the outbox."""
    with transaction.atomic():
        entries = list(
            OutboxEntry.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(_due())
            .select_related("statement")
            .order_by("pk")[: settings.LRS_FORWARD_BATCH_SIZE]
        )
        if not entries:
            return 0
        now = timezone.now()
        try:
            status = _send(client, "POST", _statements_url(), [e.statement.data for e in entries])
            if status in (200, 204):
                delivered, rejected, error = entries, [], ""
            elif status == 409 or status in REJECTED_STATUSES:
                delivered, rejected, error = _one_by_one(client, entries)
            else:
                raise ForwardingError(f"HTTP {status}")
        except (httpx.HTTPError, ForwardingError) as exc:
            message = f"{type(exc).__name__}: {exc}"[:2000]
            for entry in entries:
                entry.attempts += 1
                entry.last_error = message
                entry.next_attempt_at = now + backoff_for(entry.attempts)
            OutboxEntry.objects.bulk_update(entries, ["attempts", "last_error", "next_attempt_at"])
            failure = ForwardingError(message)
        else:
            OutboxEntry.objects.filter(pk__in=[e.pk for e in delivered]).update(
                sent_at=now, last_error=""
            )
            if rejected:
                OutboxEntry.objects.filter(pk__in=[e.pk for e in rejected]).update(
                    is_rejected=True, last_error=error[:2000], attempts=1
                )
            return len(delivered) + len(rejected)
    raise failure


def outbox_forward(*, max_batches: int = 50) -> ForwardResult:
    """Send due batches until none is due (or `max_batches` were sent)."""
    sent = 0
    if not settings.LRS_FORWARD_URL:
        return ForwardResult(sent=0, remaining=0)
    with httpx.Client(timeout=settings.LRS_FORWARD_TIMEOUT) as client:
        for _ in range(max_batches):
            count = outbox_send_batch(client=client)
            if not count:
                break
            sent += count
    pending = OutboxEntry.objects.filter(sent_at__isnull=True, is_rejected=False).aggregate(
        remaining=Count("pk"), next_at=Min("next_attempt_at")
    )
    return ForwardResult(
        sent=sent, remaining=pending["remaining"], next_attempt_at=pending["next_at"]
    )


def outbox_next_attempt_at() -> datetime | None:
    """When the earliest waiting entry is due (None when nothing waits)."""
    return OutboxEntry.objects.filter(sent_at__isnull=True, is_rejected=False).aggregate(
        next_at=Min("next_attempt_at")
    )["next_at"]


def outbox_has_due() -> bool:
    """Whether some entry is waiting and due."""
    return OutboxEntry.objects.filter(_due()).exists()
