"""Forwarding to an external LRS through the outbox (eager tasks, a real local HTTP LRS)."""

from __future__ import annotations

import hashlib
import json
import socket
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from lrs.forwarding import ForwardingError, backoff_for, outbox_forward
from lrs.models import OutboxEntry
from lrs.services import AttachmentContent, statements_store
from lrs.tasks import outbox_requeue_task
from tests.lrs.conftest import statement
from tests.lrs.fake_lrs import FakeLrs

pytestmark = pytest.mark.django_db


def free_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def fake_lrs(settings):
    """A running external LRS, and the settings pointing at it."""
    server = FakeLrs().start()
    settings.LRS_FORWARD_URL = server.url
    settings.LRS_FORWARD_USERNAME = "bnm"
    settings.LRS_FORWARD_PASSWORD = "secret"
    settings.LRS_FORWARD_BATCH_SIZE = 3
    yield server
    server.stop()


@pytest.fixture
def lrs_down(settings) -> str:
    """Forwarding configured towards an LRS that is not listening."""
    settings.LRS_FORWARD_URL = f"http://127.0.0.1:{free_port()}/xapi/"
    return settings.LRS_FORWARD_URL


def test_without_forward_url_nothing_enters_the_outbox(settings) -> None:
    """Forwarding is off by default."""
    settings.LRS_FORWARD_URL = ""
    statements_store(payload=statement())
    assert not OutboxEntry.objects.exists()


def test_stored_statements_enter_the_outbox_in_the_same_transaction(lrs_down) -> None:
    """Every stored statement gets an outbox entry; a refused batch leaves none."""
    result = statements_store(payload=[statement(), statement()])
    assert OutboxEntry.objects.count() == 2
    with pytest.raises(ValueError, match="verb"):
        statements_store(payload=[statement(), statement(verb={"id": "bad"})])
    assert OutboxEntry.objects.count() == 2
    assert {str(e.statement.statement_id) for e in OutboxEntry.objects.all()} == set(result.ids)


def test_a_down_lrs_records_the_attempt_with_a_growing_backoff(lrs_down) -> None:
    """A failed send keeps the entries, counts the attempt and delays the next one."""
    statements_store(payload=statement())
    before = timezone.now()
    with pytest.raises(ForwardingError):
        outbox_forward()
    entry = OutboxEntry.objects.get()
    assert entry.attempts == 1
    assert entry.sent_at is None
    assert "ConnectError" in entry.last_error
    assert entry.next_attempt_at >= before + timedelta(seconds=10)
    assert outbox_forward().sent == 0  # not due yet: nothing is tried
    assert [backoff_for(n).total_seconds() for n in (1, 2, 3, 12)] == [10, 20, 40, 3600]


def test_storing_through_http_never_fails_because_the_external_lrs_is_down(
    xapi, lrs_down, django_capture_on_commit_callbacks
) -> None:
    """The eager forwarding task runs after commit, fails quietly, and the entry waits."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = xapi.post("statements", statement())
    assert response.status_code == 200
    assert len(callbacks) == 1
    entry = OutboxEntry.objects.get()
    assert entry.attempts == 1
    assert entry.sent_at is None


def test_every_statement_is_sent_once_in_batches(fake_lrs) -> None:
    """All waiting statements are sent, in batches, and sending again duplicates nothing."""
    ids = statements_store(payload=[statement() for _ in range(7)]).ids
    result = outbox_forward()
    assert result.sent == 7
    assert result.remaining == 0
    assert fake_lrs.stored == ids
    assert len(fake_lrs.requests) == 3  # batches of 3
    method, path, headers, _body = fake_lrs.requests[0]
    assert (method, path) == ("POST", "/xapi/statements")
    assert headers["x-experience-api-version"] == "1.0.3"
    assert headers["authorization"].startswith("Basic ")
    assert outbox_forward().sent == 0
    assert len(fake_lrs.requests) == 3


def test_an_lrs_that_is_down_then_up_loses_nothing(lrs_down, settings) -> None:
    """After a failure, the entries are sent once the LRS is back and they are due."""
    ids = statements_store(payload=[statement(), statement()]).ids
    with pytest.raises(ForwardingError):
        outbox_forward()
    server = FakeLrs().start()
    try:
        settings.LRS_FORWARD_URL = server.url
        OutboxEntry.objects.update(next_attempt_at=timezone.now())  # the backoff has passed
        assert outbox_forward().sent == 2
        assert Counter(server.stored) == Counter(ids)
    finally:
        server.stop()


def test_a_batch_answered_409_is_resent_one_by_one_without_loss(settings) -> None:
    """An LRS that refuses a batch holding a known id gets each statement by PUT."""
    server = FakeLrs(duplicates="conflict").start()
    settings.LRS_FORWARD_URL = server.url
    try:
        ids = statements_store(payload=[statement() for _ in range(3)]).ids
        server.stored.append(ids[1])  # e.g. delivered before a timeout hid the answer
        assert outbox_forward().sent == 3
        assert sorted(server.stored) == sorted(ids)
        assert [r[0] for r in server.requests] == ["POST", "PUT", "PUT", "PUT"]
        assert not OutboxEntry.objects.filter(sent_at__isnull=True).exists()
    finally:
        server.stop()


def test_a_statement_the_external_lrs_refuses_does_not_block_the_others(settings) -> None:
    """A 400 for one statement marks it rejected; the others are delivered."""
    server = FakeLrs(refuse=lambda s: s.get("verb", {}).get("id", "").endswith("failed")).start()
    settings.LRS_FORWARD_URL = server.url
    try:
        ids = statements_store(
            payload=[
                statement(),
                statement(verb={"id": "http://adlnet.gov/expapi/verbs/failed"}),
                statement(),
            ]
        ).ids
        assert outbox_forward().remaining == 0
        assert server.stored == [ids[0], ids[2]]
        rejected = OutboxEntry.objects.get(is_rejected=True)
        assert str(rejected.statement.statement_id) == ids[1]
        assert "HTTP 400" in rejected.last_error
    finally:
        server.stop()


def test_attachments_are_forwarded_in_multipart(fake_lrs) -> None:
    """A statement whose attachment is held here is sent with its part."""
    content = b"attached"
    meta = {
        "usageType": "http://example.org/usage",
        "display": {"en-US": "file"},
        "contentType": "text/plain",
        "length": len(content),
        "sha2": hashlib.sha256(content).hexdigest(),
    }
    statements_store(
        payload=statement(attachments=[meta]),
        attachments={meta["sha2"]: AttachmentContent("text/plain", content)},
    )
    outbox_forward()
    _method, _path, headers, body = fake_lrs.requests[0]
    assert headers["content-type"].startswith("multipart/mixed")
    assert content in body
    assert json.loads(body.split(b"\r\n\r\n", 1)[1].split(b"\r\n--", 1)[0])[0]["attachments"]


def test_beat_requeues_only_when_entries_are_due(fake_lrs) -> None:
    """The beat task queues a forwarding run when something is due, and it is sent."""
    assert outbox_requeue_task() is False
    statements_store(payload=statement())
    assert outbox_requeue_task() is True
    assert len(fake_lrs.stored) == 1
    assert outbox_requeue_task() is False
