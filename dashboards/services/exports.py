"""Large exports, prepared by a worker: the request, then the build with its progress."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from common.storage import rows_with_files_delete
from dashboards.exports import csv_bytes, xlsx_bytes
from dashboards.models import DashboardExport
from dashboards.selectors.exports import (
    EVERYTHING,
    PEOPLE,
    export_context,
    export_tables,
    scope_for,
)


@transaction.atomic
def exports_purge(*, older_than: datetime.datetime | None = None) -> int:
    """Delete the exports (and their files) older than the retention period; return how many."""
    limit = older_than or timezone.now() - datetime.timedelta(
        days=settings.DASHBOARDS_EXPORT_RETENTION_DAYS
    )
    return rows_with_files_delete(DashboardExport.objects.filter(created_at__lt=limit), "file")


@transaction.atomic
def export_request(
    *,
    user: AbstractBaseUser,
    dashboard: str,
    place_key: str,
    table: str,
    file_format: str,
    query: str,
) -> DashboardExport:
    """Record an export to prepare (after checking the scope) and queue it for a worker.

    Expired exports of everyone are deleted on the way, whether or not beat purges them.
    """
    from dashboards.tasks import export_build_task

    scope_for(user, dashboard, place_key)
    exports_purge()
    if file_format not in {"csv", "xlsx"} or (table == EVERYTHING and file_format != "xlsx"):
        raise ValueError(file_format)
    export = DashboardExport.objects.create(
        requested_by=user,
        dashboard=dashboard,
        place_key=place_key,
        table=table,
        file_format=file_format,
        query=query[:500],
    )
    export_build_task.delay_on_commit(str(export.pk))
    return export


def _progress_save(export_id: str, percent: int) -> None:
    """Record how far a build has gone (visible at once to the person waiting)."""
    DashboardExport.objects.filter(pk=export_id).update(progress=min(max(percent, 0), 99))


def export_build(*, export_id: str) -> DashboardExport:
    """Build an export's file with the requester's scope; record progress, then the file."""
    export = DashboardExport.objects.get(pk=export_id)
    if export.status == DashboardExport.Status.DONE:
        return export
    DashboardExport.objects.filter(pk=export.pk).update(
        status=DashboardExport.Status.RUNNING, progress=5
    )
    user = get_user_model().objects.get(pk=export.requested_by_id)
    scope, filters, tables = export_tables(
        user,
        dashboard=export.dashboard,
        place_key=export.place_key,
        query=QueryDict(export.query),
        slug=export.table,
    )
    _progress_save(export_id, 40)

    def progress(done: int, total: int) -> None:
        _progress_save(export_id, 40 + int(55 * done / max(total, 1)))

    if export.file_format == "csv":
        content = csv_bytes(tables[0], progress=progress)
    else:
        content = xlsx_bytes(tables, context=export_context(scope, filters), progress=progress)
    export.refresh_from_db()
    export.file.save(f"export.{export.file_format}", ContentFile(content), save=False)
    export.has_names = any(table.slug == PEOPLE for table in tables)
    export.status = DashboardExport.Status.DONE
    export.progress = 100
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "has_names", "status", "progress", "finished_at"])
    return export


def export_fail(*, export_id: str, error: str) -> DashboardExport:
    """Mark an export as failed, with a message for the person who asked."""
    export = DashboardExport.objects.get(pk=export_id)
    export.status = DashboardExport.Status.FAILED
    export.error = error[:2000]
    export.finished_at = timezone.now()
    export.save(update_fields=["status", "error", "finished_at"])
    return export
