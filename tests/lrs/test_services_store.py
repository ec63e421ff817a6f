"""statements_store: LRS properties, idempotent re-sends, conflicts, voiding, listeners."""

import gc
import uuid

import pytest
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from lrs import listeners
from lrs.agents import agent_for
from lrs.builders import activity, activity_iri, platform_statement
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
    statements_store(
        payload={
            "id": voiding_id,
            "actor": {"mbox": "mailto:admin@example.org"},
            "verb": {"id": Verb.VOIDED},
            "object": {"objectType": "StatementRef", "id": target},
        }
    )
    assert Statement.objects.get(statement_id=target).is_voided
    with pytest.raises(StatementValidationError):
        statements_store(
            payload={
                "actor": {"mbox": "mailto:admin@example.org"},
                "verb": {"id": Verb.VOIDED},
                "object": {"objectType": "StatementRef", "id": voiding_id},
            }
        )


def test_platform_statement_is_attributed_to_the_user_and_indexed() -> None:
    """A statement built for a user is linked to them, with its index keys."""
    user = UserFactory()
    iri = activity_iri("path", 7)
    row = statement_record(
        platform_statement(
            user=user,
            verb=Verb.REGISTERED,
            object_=activity(iri, activity_type=ActivityType.COURSE, name="Parcours"),
        )
    )
    assert row.user == user
    assert row.activity_iri == iri
    keys = set(StatementKey.objects.filter(statement=row).values_list("key", flat=True))
    actor = f"account:{agent_for(user)['account']['homePage']}|{user.pk}"
    assert statement_key(StatementKey.Kind.AGENT, actor) in keys
    assert (
        statement_key(StatementKey.Kind.RELATED_AGENT, "account:http://127.0.0.1:8000|platform")
        in keys
    )
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


def test_statement_store_is_the_same_service() -> None:
    """`statement_store` (the issue's name) is `statements_store`."""
    from lrs.services import statement_store

    assert statement_store is statements_store


def test_a_statement_voided_before_it_arrives_is_stored_voided() -> None:
    """A voiding statement may come first; its target is voided on arrival."""
    target = str(uuid.uuid4())
    statements_store(
        payload={
            "actor": {"mbox": "mailto:admin@example.org"},
            "verb": {"id": Verb.VOIDED},
            "object": {"objectType": "StatementRef", "id": target},
        }
    )
    statements_store(payload=simple(target))
    assert Statement.objects.get(statement_id=target).is_voided


def test_a_resend_with_numbers_written_differently_is_not_a_conflict() -> None:
    """1e2 and 100 are the same JSON number (jsonb rewrites the first as the second)."""
    statement_id = str(uuid.uuid4())
    first = {**simple(statement_id), "result": {"score": {"raw": 1e2, "max": 200}}}
    statements_store(payload=first)
    again = {**simple(statement_id), "result": {"score": {"raw": 100, "max": 200.0}}}
    assert statements_store(payload=again).inserted == []


def test_without_define_nothing_changes_definitions_or_identities() -> None:
    """can_define=False leaves the canonical activities and the agents' names alone."""
    from lrs.models import ActivityDefinition, ActorIdentity

    data = simple()
    data["actor"]["name"] = "Léa"
    data["object"]["definition"] = {"name": {"fr": "Un"}}
    statements_store(payload=data, can_define=False)
    assert not ActivityDefinition.objects.exists()
    assert not ActorIdentity.objects.exists()
    statements_store(payload=data)
    assert ActivityDefinition.objects.get().definition == {"name": {"fr": "Un"}}
    assert ActorIdentity.objects.get().name == "Léa"


def test_a_check_can_refuse_the_batch_before_anything_is_stored() -> None:
    """The `check` hook sees the parsed batch and may refuse it."""
    from lrs.services import StatementForbidden

    def refuse(parsed):
        raise StatementForbidden("no")

    with pytest.raises(StatementForbidden):
        statements_store(payload=simple(), check=refuse)
    assert Statement.objects.count() == 0


def test_attachments_are_stored_with_the_statement() -> None:
    """Attachment contents given to the store are kept once per sha2."""
    import hashlib

    from lrs.models import Attachment
    from lrs.services import AttachmentContent

    content = b"hello"
    sha2 = hashlib.sha256(content).hexdigest()
    data = simple()
    data["attachments"] = [
        {
            "usageType": "http://example.org/u",
            "display": {"en-US": "f"},
            "contentType": "text/plain",
            "length": 5,
            "sha2": sha2,
        }
    ]
    statements_store(payload=data, attachments={sha2: AttachmentContent("text/plain", content)})
    assert bytes(Attachment.objects.get(sha2=sha2).content) == content
    assert Statement.objects.get().has_attachments


def test_statements_of_unknown_platform_users_are_not_linked() -> None:
    """An account on the site's home page whose user does not exist links to nobody."""
    data = simple()
    data["actor"] = {"account": {"homePage": "http://127.0.0.1:8000", "name": "999999"}}
    statements_store(payload=data)
    assert Statement.objects.get().user is None


def test_inserted_rows_match_the_rows_read_back_from_the_database() -> None:
    """The rows handed to listeners hold the stored values and behave as loaded rows."""
    user = UserFactory()
    batch = [
        platform_statement(
            user=user,
            verb=Verb.EXPERIENCED,
            object_=activity(
                activity_iri("lesson", index), activity_type=ActivityType.LESSON, name="Leçon"
            ),
        )
        for index in range(3)
    ]
    result = statements_store(payload=batch)
    fields = [field.attname for field in Statement._meta.concrete_fields]
    for row in result.inserted:
        loaded = Statement.objects.get(pk=row.pk)
        assert [getattr(row, name) for name in fields] == [getattr(loaded, name) for name in fields]
        assert row._state.adding is False
        assert row._state.db == loaded._state.db
        assert row.user == user  # related objects load as on a row read from the database
    assert not models.signals.post_init.has_listeners(Statement)
    assert not models.signals.pre_init.has_listeners(Statement)


@pytest.mark.django_db(transaction=True)
def test_storing_a_batch_with_its_listeners_opens_no_savepoint() -> None:
    """The listeners (skills, courses, dashboards) join the store's transaction as is."""
    user = UserFactory()
    batch = [
        platform_statement(
            user=user,
            verb=verb,
            object_=activity(
                activity_iri("path", 7), activity_type=ActivityType.COURSE, name="Parcours"
            ),
        )
        for verb in (Verb.REGISTERED, Verb.COMPLETED)
    ]
    with CaptureQueriesContext(connection) as queries:
        result = statements_store(payload=batch)
    assert len(result.inserted) == 2
    assert not [q["sql"] for q in queries.captured_queries if "SAVEPOINT" in q["sql"].upper()]


def test_the_store_runs_with_the_collector_paused(collector_seen) -> None:
    """A batch stored by the platform itself (no HTTP) also runs with the collector off."""
    statements_store(payload=[simple(), simple()])
    assert collector_seen == [False]
    assert gc.isenabled()
