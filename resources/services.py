"""Writes of the service registry: the link-health run and its results."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from resources.linkcheck import ProbeResult, urls_probe
from resources.models import LinkCheck
from resources.selectors import LinkTarget, link_targets


@transaction.atomic
def link_checks_record(
    *, targets: Sequence[LinkTarget], results: Sequence[ProbeResult]
) -> list[LinkCheck]:
    """Store one result per target (replacing the previous check) and drop stale checks."""
    checked_at = timezone.now()
    kept: list[int] = []
    rows: list[LinkCheck] = []
    for target, result in zip(targets, results, strict=True):
        row, _created = LinkCheck.objects.update_or_create(
            service_id=target.service_id,
            source=target.source,
            deep_link_key=target.deep_link_key,
            defaults={
                "url": target.url,
                "is_ok": result.is_ok,
                "status_code": result.status_code,
                "method": result.method,
                "error": result.error,
                "elapsed_ms": result.elapsed_ms,
                "checked_at": checked_at,
            },
        )
        kept.append(row.pk)
        rows.append(row)
    LinkCheck.objects.exclude(pk__in=kept).delete()
    return rows


def link_checks_run(*, timeout: float | None = None, workers: int | None = None) -> list[LinkCheck]:
    """Check every URL of the registry (network calls outside any transaction), then record."""
    targets = link_targets()
    results = urls_probe(
        [target.url for target in targets],
        timeout=settings.RESOURCES_LINK_CHECK_TIMEOUT if timeout is None else timeout,
        workers=settings.RESOURCES_LINK_CHECK_WORKERS if workers is None else workers,
    )
    return link_checks_record(targets=targets, results=results)
