"""The real path: a task queued by a request runs in a separate Celery worker.

Runs in CI's PostgreSQL stage, where `.ci/run` starts `celery -A lms worker` with a
file-based e-mail backend (EMAIL_URL=filemail://…) shared with this test process.
"""

import time
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.tasks import email_send_task
from tests.accounts.factories import UserFactory


def wait_for_mail_to(address: str, folder: Path, timeout: float = 30.0) -> str:
    """Poll the worker's mail folder until a message to `address` arrives."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in folder.glob("*.log"):
            text = path.read_text(encoding="utf-8", errors="replace")
            if f"To: {address}" in text:
                return text
        time.sleep(0.2)
    raise AssertionError(f"no e-mail to {address} in {folder} after {timeout}s")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_password_reset_mail_is_sent_by_the_real_worker(client) -> None:
    """A reset request queues the e-mail; the separate worker process sends it."""
    folder = Path(getattr(settings, "EMAIL_FILE_PATH", "") or "")
    assert folder.is_dir(), "the worker stage needs EMAIL_URL=filemail://<folder>"
    address = f"worker-{time.time_ns()}@example.org"
    UserFactory(email=address)
    client.post(reverse("accounts:password_reset"), {"email": address})
    text = wait_for_mail_to(address, folder)
    assert "/compte/mot-de-passe/nouveau/" in text


@pytest.mark.worker
def test_task_result_comes_back_from_the_worker() -> None:
    """A task sent to the broker is executed by the worker and its result returned."""
    result = email_send_task.delay(subject="Ping", body="ping", to=["ping@example.org"])
    assert result.get(timeout=30) == 1
    assert result.successful()
