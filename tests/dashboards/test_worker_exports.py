"""A large export is built by the real Celery worker (CI's PostgreSQL + Redis stage)."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from dashboards.models import DashboardExport
from dashboards.services.exports import export_request
from lms import settings as project_settings
from organizations.models import Membership
from tests.dashboards.conftest import user_with_role


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_large_export_is_built_by_the_worker_with_progress(network) -> None:
    """The request queues the build; the worker fills in progress, then the file."""
    user = user_with_role(network, Membership.Role.COMMUNE_COORDINATOR, "59350")
    export = export_request(
        user=user,
        dashboard="commune",
        place_key="59350",
        table="tout",
        file_format="xlsx",
        query="",
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        export.refresh_from_db()
        if export.status in (DashboardExport.Status.DONE, DashboardExport.Status.FAILED):
            break
        time.sleep(0.3)
    assert export.status == DashboardExport.Status.DONE, export.error
    assert export.progress == 100
    # The worker reads the project's settings, not this test's: its private export folder.
    path = Path(project_settings.DASHBOARDS_EXPORT_ROOT) / export.file.name
    workbook = load_workbook(io.BytesIO(path.read_bytes()))
    assert {"bibliotheques", "niveaux", "personnes"} <= set(workbook.sheetnames)
