"""Evidence from LRS statements: passed, failed, not aligned, provenance, level, voiding."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lrs.agents import agent_for
from lrs.builders import activity
from lrs.services import statements_store
from lrs.vocabulary import ActivityType, Extension, Verb
from skills.models import Evidence, SkillRecord
from skills.selectors import competence_iri
from skills.services import alignments_set
from skills.services.evidence import evidence_candidates
from skills.statements import competence_activity
from tests.accounts.factories import UserFactory
from tests.skills.factories import digcomp, exercise_iri, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def aligned() -> str:
    """An exercise aligned to DigComp 1.1 at level 2 and 1.2 at level 3."""
    iri = exercise_iri("catalogue")
    alignments_set(activity_iri=iri, items=[(digcomp("1.1"), 2), (digcomp("1.2"), 3)])
    return iri


def test_passed_statement_on_aligned_activity_gives_evidence_per_competence(aligned) -> None:
    """A passed exercise gives one online evidence per aligned competence, at its level."""
    user = UserFactory()
    statement = record(user, iri=aligned, verb=Verb.PASSED, result={"success": True})
    rows = {row.competence.code: row for row in Evidence.objects.filter(user=user)}
    assert set(rows) == {"1.1", "1.2"}
    assert rows["1.1"].level == 2
    assert rows["1.2"].level == 3
    assert {row.provenance for row in rows.values()} == {"online"}
    assert rows["1.1"].statement_id == statement.statement_id
    assert rows["1.1"].observed_at == statement.timestamp_at
    assert rows["1.1"].activity_iri == aligned


def test_failed_statement_gives_no_evidence(aligned) -> None:
    """A failure (verb failed, or success false even when completed) proves nothing."""
    user = UserFactory()
    record(user, iri=aligned, verb=Verb.FAILED, result={"success": False})
    record(user, iri=aligned, verb=Verb.ANSWERED, result={"success": False, "completion": True})
    assert not Evidence.objects.filter(user=user).exists()
    assert not SkillRecord.objects.filter(user=user).exists()


def test_statements_that_prove_nothing_are_dropped_before_any_query(aligned) -> None:
    """Failures and interactions give no candidate without a lookup; a success is looked up."""
    user = UserFactory()
    failed = record(user, iri=aligned, verb=Verb.FAILED, result={"success": False})
    touched = record(user, iri=aligned, verb=Verb.INTERACTED)
    passed = record(user, iri=aligned, verb=Verb.PASSED, result={"success": True})
    with CaptureQueriesContext(connection) as queries:
        assert evidence_candidates([failed, touched]) == []
    assert queries.captured_queries == []
    with CaptureQueriesContext(connection) as queries:
        found = evidence_candidates([failed, passed, touched])
    assert {candidate.fact.statement_id for candidate in found} == {passed.statement_id}
    assert len(found) == 2
    assert queries.captured_queries


def test_statement_on_activity_not_aligned_gives_no_evidence() -> None:
    """A passed exercise that serves no competence proves nothing."""
    user = UserFactory()
    record(user, iri=exercise_iri("not-aligned"), verb=Verb.PASSED, result={"success": True})
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    ("verb", "result"),
    [
        pytest.param(Verb.ANSWERED, {"completion": True}, id="completion"),
        pytest.param(Verb.ANSWERED, {"success": True}, id="success"),
        pytest.param(Verb.ATTENDED, None, id="attended"),
        pytest.param(Verb.COMPLETED, None, id="completed"),
        pytest.param(Verb.MASTERED, None, id="mastered"),
    ],
)
def test_success_completion_or_achievement_verb_gives_evidence(aligned, verb, result) -> None:
    """Success, completion, or the verbs attended/completed/passed/mastered prove the level."""
    user = UserFactory()
    record(user, iri=aligned, verb=verb, result=result)
    assert Evidence.objects.filter(user=user).count() == 2


def test_experienced_without_result_gives_no_evidence(aligned) -> None:
    """Opening an activity proves nothing."""
    user = UserFactory()
    record(user, iri=aligned, verb=Verb.EXPERIENCED)
    assert not Evidence.objects.exists()


def test_provenance_and_level_come_from_the_extensions(aligned) -> None:
    """The provenance extension sets the provenance; result's level extension the level."""
    user = UserFactory()
    record(
        user,
        iri=aligned,
        verb=Verb.ATTENDED,
        result={"completion": True, "extensions": {Extension.LEVEL: 4}},
        provenance="in_person",
    )
    rows = Evidence.objects.filter(user=user)
    assert {(row.provenance, row.level) for row in rows} == {("in_person", 4)}


def test_unknown_provenance_counts_as_online(aligned) -> None:
    """An unknown provenance value falls back to online."""
    user = UserFactory()
    record(user, iri=aligned, result={"success": True}, provenance="telepathy")
    assert set(Evidence.objects.values_list("provenance", flat=True)) == {"online"}


def test_statement_about_a_competence_iri_gives_evidence_at_its_level() -> None:
    """A trainer's validation of a competence itself gives in-person evidence at that level."""
    user, trainer = UserFactory(), UserFactory()
    from lrs.builders import platform_statement
    from lrs.services import statement_record

    statement_record(
        platform_statement(
            user=user,
            verb=Verb.VALIDATED,
            object_=competence_activity(digcomp("2.1")),
            result={"success": True, "extensions": {Extension.LEVEL: 5}},
            instructor=trainer,
            extensions={Extension.PROVENANCE: "in_person"},
        )
    )
    row = Evidence.objects.get(user=user)
    assert (row.competence.code, row.level, row.provenance) == ("2.1", 5, "in_person")
    assert row.activity_iri == competence_iri(digcomp("2.1"))


def test_competence_iri_without_level_or_out_of_scale_gives_nothing() -> None:
    """A competence statement needs a level within the framework's scale."""
    user = UserFactory()
    record(user, iri=competence_iri(digcomp("2.1")), result={"success": True})
    record(
        user,
        iri=competence_iri(digcomp("2.2")),
        result={"success": True, "extensions": {Extension.LEVEL: 9}},
    )
    assert not Evidence.objects.exists()


def test_statement_about_someone_outside_the_platform_gives_nothing(aligned) -> None:
    """Only statements about platform users feed skill records."""
    statements_store(
        payload={
            "actor": {"mbox": "mailto:visitor@example.org"},
            "verb": {"id": Verb.PASSED},
            "object": {"id": aligned},
            "result": {"success": True},
        }
    )
    assert not Evidence.objects.exists()


def test_session_statement_cannot_claim_provenance_or_level(aligned) -> None:
    """A statement the learner's browser asserts counts as online, at the alignment's level."""
    user = UserFactory()
    user_authority = agent_for(user)
    statements_store(
        payload={
            "actor": agent_for(user),
            "verb": {"id": Verb.PASSED},
            "object": activity(aligned, activity_type=ActivityType.ASSESSMENT, name="Exercice"),
            "result": {"success": True, "extensions": {Extension.LEVEL: 8}},
            "context": {"extensions": {Extension.PROVENANCE: "certified"}},
        },
        authority=user_authority,
    )
    statements_store(
        payload={
            "actor": agent_for(user),
            "verb": {"id": Verb.MASTERED},
            "object": competence_activity(digcomp("3.4")),
            "result": {"success": True, "extensions": {Extension.LEVEL: 8}},
            "context": {"extensions": {Extension.PROVENANCE: "certified"}},
        },
        authority=user_authority,
    )
    rows = {row.competence.code: (row.provenance, row.level) for row in Evidence.objects.all()}
    assert rows == {"1.1": ("online", 2), "1.2": ("online", 3), "3.4": ("declared", 8)}
    assert SkillRecord.objects.get(competence=digcomp("3.4")).level == 0


def test_voiding_a_statement_removes_its_evidence_and_the_level(aligned) -> None:
    """Voiding the only proof of a level takes it back out of the record."""
    user = UserFactory()
    statement = record(user, iri=aligned, result={"success": True})
    assert SkillRecord.objects.filter(user=user, level__gt=0).count() == 2
    statements_store(
        payload={
            "actor": {"mbox": "mailto:admin@example.org"},
            "verb": {"id": Verb.VOIDED},
            "object": {"objectType": "StatementRef", "id": str(statement.statement_id)},
        }
    )
    assert not Evidence.objects.filter(user=user).exists()
    assert not SkillRecord.objects.filter(user=user).exists()


def test_same_statement_sent_twice_gives_evidence_once(aligned) -> None:
    """An identical re-send is not stored again, so evidence is not doubled."""
    user = UserFactory()
    statement_id = uuid.uuid4()
    record(user, iri=aligned, result={"success": True}, statement_id=statement_id)
    record(user, iri=aligned, result={"success": True}, statement_id=statement_id)
    assert Evidence.objects.filter(user=user).count() == 2
    assert SkillRecord.objects.get(user=user, competence=digcomp("1.1")).online_count == 1


def test_statement_voided_before_it_arrives_gives_no_evidence(aligned) -> None:
    """A voiding statement stored first voids its target on arrival: no evidence."""
    user = UserFactory()
    target = uuid.uuid4()
    statements_store(
        payload={
            "actor": {"mbox": "mailto:admin@example.org"},
            "verb": {"id": Verb.VOIDED},
            "object": {"objectType": "StatementRef", "id": str(target)},
        }
    )
    record(user, iri=aligned, result={"success": True}, statement_id=target)
    assert not Evidence.objects.exists()
