"""statements_store: LRS properties, idempotent re-sends, conflicts, voiding, listeners."""

import uuid

import pytest

from lrs import listeners
from lrs.builders import activity, activity_iri, platform_statement
from lrs.agents import agent_for
from lrs.models import Statement, StatementKey, statement_key
from lrs.services import StatementConflict, statement_record, statements_store
from lrs.vocabulary import ActivityType, Verb
from lrs.xapi.errors import StatementValidationError
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def simple(statement_id: str | None = None, verb: str = Verb.EXPERIENCED) -> dict:
    """A minimal valid statement."""
    data = {
        "actor": {"mbox": "mailto:learner@example.org"},
        "verb": {"id": verb},
        "object": {"id": "http://example.org/activity/1"},
    }
    if statement_id:
        data["id"] = statement_id
    return data


def test_lrs_sets_id_stored_timestamp_authority_and_version() -> None:
    """A statement without id gets one; stored, timestamp, authority and version are set."""
    result = statements_store(payload=simple())
    row = Statement.objects.get(statement_id=result.ids[0])
    assert row.data["stored"] == row.data["timestamp"]
    assert row.data["authority"]["account"]["name"] == "platform"
    assert row.data["version"] == "1.0.0"
    assert row.activity_iri == "http://example.org/activity/1"


def test_identical_resend_is_accepted_and_not_duplicated() -> None:
    """Sending the same statement twice stores it once."""
    statement_id = str(uuid.uuid4())
    statements_store(payload=simple(statement_id))
    again = statements_store(payload=simple(statement_id))
    assert again.ids == [statement_id]
    assert again.inserted == []
    assert Statement.objects.count() == 1


def test_conflicting_resend_is_refused() -> None:
    """The same id with another content is a conflict."""
    statement_id = str(uuid.uuid4())
    statements_store(payload=simple(statement_id))
    with pytest.raises(StatementConflict):
        statements_store(payload=simple(statement_id, verb=Verb.COMPLETED))


def test_batch_with_one_invalid_statement_stores_nothing() -> None:
    """A batch is atomic: one invalid statement refuses the whole batch."""
    bad = simple()
    bad["actor"] = {"mbox": "learner@example.org"}
    with pytest.raises(StatementValidationError):
        statements_store(payload=[simple(), bad])
    assert Statement.objects.count() == 0


def test_voiding_marks_the_target_and_a_voiding_statement_cannot_be_voided() -> None:
    """Voiding flags its target; voiding a voiding statement is refused."""
    target = str(uuid.uuid4())
    statements_store(payload=simple(target))
    voiding_id = str(uuid.uuid4())
    statements_store(payload={
        "id": voiding_id, "actor": {"mbox": "mailto:admin@example.org"},
        "verb": {"id": Verb.VOIDED}, "object": {"objectType": "StatementRef", "id": target},
    })
    assert Statement.objects.get(statement_id=target).is_voided
    with pytest.raises(StatementValidationError):
        statements_store(payload={
            "actor": {"mbox": "mailto:admin@example.org"}, "verb": {"id": Verb.VOIDED},
            "object": {"objectType": "StatementRef", "id": voiding_id},
        })


def test_platform_statement_is_attributed_to_the_user_and_indexed() -> None:
    """A statement built for a user is linked to them, with its index keys."""
    user = UserFactory()
    iri = activity_iri("path", 7)
    row = statement_record(platform_statement(
        user=user, verb=Verb.REGISTERED,
        object_=activity(iri, activity_type=ActivityType.COURSE, name="Parcours"),
    ))
    assert row.user == user
    assert row.activity_iri == iri
    keys = set(StatementKey.objects.filter(statement=row).values_list("key", flat=True))
    actor = f"account:{agent_for(user)['account']['homePage']}|{user.pk}"
    assert statement_key(StatementKey.Kind.AGENT, actor) in keys
    assert statement_key(StatementKey.Kind.RELATED_AGENT, actor) in keys
    assert statement_key(StatementKey.Kind.RELATED_ACTIVITY, iri) in keys


def test_listeners_receive_each_stored_batch() -> None:
    """Registered listeners get the rows just stored, in the same transaction."""
    seen: list[list[str]] = []
    listeners.register_statement_listener(
        "test", lambda rows: seen.append([str(r.statement_id) for r in rows])
    )
    try:
        result = statements_store(payload=[simple(), simple()])
    finally:
        listeners._listeners.pop("test")
    assert seen == [result.ids]


def test_forced_actor_replaces_the_actor_sent() -> None:
    """A session write cannot record statements about someone else."""
    forced = {"objectType": "Agent", "account": {"homePage": "http://127.0.0.1:8000", "name": "5"}}
    result = statements_store(payload=simple(), forced_actor=forced)
    assert Statement.objects.get(statement_id=result.ids[0]).data["actor"] == forced
