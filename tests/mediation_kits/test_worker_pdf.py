"""The real path: publishing a kit queues its renders, which a separate Celery worker runs.

Runs in CI's PostgreSQL stage, where `.ci/run` starts `celery -A lms worker` on the test
database; the worker writes the files under its own MEDIA_ROOT, the rows are shared.
"""

import time

import pytest

from mediation_kits.models import KitPdf
from tests.mediation_kits.factories import KitPageFactory, kit_publish


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publish_renders_the_three_pdfs_in_the_real_worker() -> None:
    """After a publish commits, the worker renders the three variants of that revision."""
    kit = KitPageFactory()
    revision = kit_publish(kit)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        rows = list(KitPdf.objects.filter(page=kit, revision=revision))
        if len(rows) == 3:
            break
        time.sleep(0.5)
    assert {row.variant for row in rows} == {"a4", "booklet", "large-print"}
    assert all(row.size_bytes > 1000 and row.render_ms > 0 for row in rows)
