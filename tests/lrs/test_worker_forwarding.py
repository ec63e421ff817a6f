"""Forwarding through a real Celery worker: an external LRS down, then up; no loss, no duplicate.

The worker is a separate process started by .ci/run with its own environment, so the
external LRS lives at the fixed address .ci/run exports in LRS_FORWARD_URL for both the
worker and pytest (http://127.0.0.1:18099/xapi/). The test starts its fake LRS on that
port only after the worker has failed to reach it.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from lrs.models import OutboxEntry
from lrs.services import statements_store
from tests.lrs.conftest import statement
from tests.lrs.fake_lrs import FakeLrs

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for(condition: Callable[[], bool], *, seconds: float, what: str) -> None:
    """Poll until the condition holds, or fail naming what did not happen."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    pytest.fail(f"timed out after {seconds:.0f} s waiting for {what}")


def test_an_external_lrs_down_then_up_gets_every_statement_exactly_once() -> None:
    """The worker fails while the LRS is down, keeps the outbox, then delivers it all once."""
    url = urlsplit(settings.LRS_FORWARD_URL)
    message = "LRS_FORWARD_URL must point at a fixed local port for the worker (see .ci/run)"
    assert url.hostname == "127.0.0.1", message
    assert url.port, message
    first = statements_store(payload=[statement() for _ in range(5)]).ids
    wait_for(
        lambda: OutboxEntry.objects.filter(attempts__gte=1).count() == 5,
        seconds=30,
        what="the worker's first (failed) attempt",
    )
    assert not OutboxEntry.objects.filter(sent_at__isnull=False).exists()

    server = FakeLrs(port=url.port).start()
    try:
        second = statements_store(payload=[statement() for _ in range(3)]).ids
        wait_for(
            lambda: not OutboxEntry.objects.filter(sent_at__isnull=True).exists(),
            seconds=90,
            what="every outbox entry to be sent",
        )
        time.sleep(1)  # let any late retry run: it must not send anything twice
    finally:
        server.stop()
    assert Counter(server.received) == Counter(first + second)  # each id sent exactly once
