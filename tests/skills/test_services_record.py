"""The skill record: the level rule, declared levels apart, history, incremental = rebuild."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lrs.vocabulary import Extension, Verb
from skills import listeners, suggestions
from skills.models import Evidence, SkillLevelChange, SkillRecord
from skills.rules import Fact, RecordState, record_fold
from skills.selectors import competence_iri, level_history_for
from skills.services import alignments_set, evidence_rebuild
from tests.accounts.factories import UserFactory
from tests.skills.factories import digcomp, exercise_iri, record

pytestmark = pytest.mark.django_db
T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


def claim(user, competence, *, level: int, provenance: str, day: int) -> None:
    """Store a statement claiming a level on a competence, on a given day."""
    record(
        user,
        iri=competence_iri(competence),
        verb=Verb.SELF_ASSESSED if provenance == "declared" else Verb.MASTERED,
        result={"completion": True, "extensions": {Extension.LEVEL: level}},
        provenance=provenance,
        timestamp=T0 + timedelta(days=day),
    )


def test_level_is_the_highest_proven_with_the_date_and_provenance_reaching_it() -> None:
    """Online, in-person and certified evidence compete; the first to reach the top wins."""
    user, competence = UserFactory(), digcomp("1.1")
    claim(user, competence, level=2, provenance="online", day=1)
    claim(user, competence, level=4, provenance="in_person", day=2)
    claim(user, competence, level=3, provenance="certified", day=3)
    claim(user, competence, level=4, provenance="certified", day=4)
    row = SkillRecord.objects.get(user=user, competence=competence)
    assert (row.level, row.level_provenance, row.level_at) == (4, "in_person", T0 + timedelta(2))
    assert (row.online_count, row.in_person_count, row.certified_count) == (1, 1, 2)


def test_declared_level_is_kept_apart_and_never_raises_the_level() -> None:
    """Self-positioning at 6 leaves a proven 2 at 2; the latest declaration is shown."""
    user, competence = UserFactory(), digcomp("1.2")
    claim(user, competence, level=2, provenance="online", day=1)
    claim(user, competence, level=6, provenance="declared", day=2)
    claim(user, competence, level=4, provenance="declared", day=3)
    row = SkillRecord.objects.get(user=user, competence=competence)
    assert row.level == 2
    assert (row.declared_level, row.declared_at, row.declared_count) == (4, T0 + timedelta(3), 2)


def test_only_declared_evidence_gives_no_level() -> None:
    """A person who only positioned themselves has no proven level yet."""
    user, competence = UserFactory(), digcomp("2.1")
    claim(user, competence, level=5, provenance="declared", day=1)
    row = SkillRecord.objects.get(user=user, competence=competence)
    assert (row.level, row.level_at, row.declared_level) == (0, None, 5)


def test_each_change_of_level_is_kept_in_the_history() -> None:
    """History lists each rise of the proven level and each change of the declared one."""
    user, competence = UserFactory(), digcomp("4.2")
    claim(user, competence, level=3, provenance="declared", day=0)
    claim(user, competence, level=2, provenance="online", day=1)
    claim(user, competence, level=1, provenance="online", day=2)
    claim(user, competence, level=3, provenance="in_person", day=3)
    claim(user, competence, level=3, provenance="declared", day=4)
    steps = [
        (row.track, row.previous_level, row.level, row.provenance)
        for row in level_history_for(user, competence)
    ]
    assert steps == [
        ("declared", None, 3, "declared"),
        ("validated", None, 2, "online"),
        ("validated", 2, 3, "in_person"),
    ]


def test_evidence_arriving_out_of_order_gives_the_same_record_and_history() -> None:
    """An older statement arriving late is folded in date order, as a rebuild would."""
    user, competence = UserFactory(), digcomp("3.1")
    claim(user, competence, level=3, provenance="online", day=5)
    claim(user, competence, level=3, provenance="certified", day=2)
    row = SkillRecord.objects.get(user=user, competence=competence)
    assert (row.level, row.level_provenance, row.level_at) == (3, "certified", T0 + timedelta(2))
    assert [change.provenance for change in level_history_for(user, competence)] == ["certified"]


def test_record_listeners_receive_each_change_with_before_after_and_evidence() -> None:
    """Dashboards get, per person × competence, the states and the evidence added."""
    seen = []
    listeners.register_record_listener("test", seen.extend)
    try:
        user, competence = UserFactory(), digcomp("5.1")
        claim(user, competence, level=2, provenance="online", day=1)
        claim(user, competence, level=4, provenance="certified", day=2)
    finally:
        listeners._listeners.pop("test")
    assert [(c.user_id, c.competence_id) for c in seen] == [(user.pk, competence.pk)] * 2
    first, second = seen
    assert first.before is None
    assert first.after.level == 2
    assert second.before.level == 2
    assert second.after.level == 4
    assert [(fact.level, fact.provenance) for fact in second.added] == [(4, "certified")]
    assert second.after.certified_count == 1
    assert second.after.online_count == 1


def test_record_listeners_hear_of_a_history_change_that_keeps_the_level(
    django_capture_on_commit_callbacks,
) -> None:
    """Re-aligning an earlier activity keeps level 4 but changes the history: listeners hear."""
    user, competence = UserFactory(), digcomp("5.2")
    alignments_set(activity_iri=exercise_iri("a"), items=[(competence, 2)])
    alignments_set(activity_iri=exercise_iri("b"), items=[(competence, 4)])
    record(user, iri=exercise_iri("a"), result={"success": True}, timestamp=T0)
    record(user, iri=exercise_iri("b"), result={"success": True}, timestamp=T0 + timedelta(150))
    seen = []
    listeners.register_record_listener("test", seen.extend)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            alignments_set(activity_iri=exercise_iri("a"), items=[(competence, 3)])
    finally:
        listeners._listeners.pop("test")
    assert [(change.user_id, change.competence_id) for change in seen] == [(user.pk, competence.pk)]
    assert seen[0].before == seen[0].after
    assert seen[0].after.level == 4
    assert [(fact.level, fact.provenance) for fact in seen[0].added] == [(3, "online")]
    assert [change.level for change in level_history_for(user, competence)] == [3, 4]


def test_reading_the_record_does_not_touch_statements(
    django_assert_max_num_queries, monkeypatch
) -> None:
    """The record page reads records and frameworks only (a handful of queries)."""
    monkeypatch.setattr(suggestions, "_providers", {})
    user = UserFactory()
    alignments_set(activity_iri=exercise_iri(), items=[(digcomp("1.1"), 2)])
    record(user, iri=exercise_iri(), result={"success": True})
    from skills.selectors import skill_profile_for

    with django_assert_max_num_queries(6) as captured:
        skill_profile_for(user)
    assert not any("lrs_statement" in query["sql"] for query in captured.captured_queries)


# --- property: any order and batching of evidence gives the record a rebuild gives ---

fact_strategy = st.builds(
    lambda day, level, provenance: (day, level, provenance),
    st.integers(min_value=0, max_value=20),
    st.integers(min_value=0, max_value=8),
    st.sampled_from(["online", "in_person", "declared", "certified"]),
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(events=st.lists(fact_strategy, min_size=1, max_size=12))
def test_incremental_record_equals_a_full_rebuild(events) -> None:
    """Statements stored one by one, in any order, leave the rows a rebuild leaves."""
    user, competence = UserFactory(), digcomp("2.4")
    for day, level, provenance in events:
        if level == 0 and provenance != "declared":
            level = 1
        claim(user, competence, level=level, provenance=provenance, day=day)

    def snapshot() -> tuple:
        rows = SkillRecord.objects.filter(user=user).values()
        history = SkillLevelChange.objects.filter(user=user).order_by("changed_at", "statement_id")
        keep = ("track", "level", "previous_level", "provenance", "changed_at", "statement_id")
        return (
            [{k: v for k, v in row.items() if k not in {"id", "updated_at"}} for row in rows],
            list(history.values_list(*keep)),
        )

    incremental = snapshot()
    evidence_rebuild(user_ids=[user.pk])
    assert snapshot() == incremental
    facts = [
        Fact(row.statement_id, row.level, row.provenance, row.observed_at)
        for row in Evidence.objects.filter(user=user)
    ]
    state, _steps = record_fold(RecordState(), facts)
    assert SkillRecord.objects.get(user=user).level == state.level


def test_fold_is_independent_of_arrival_order() -> None:
    """The pure rule gives the same state whatever order the facts come in."""
    ids = [uuid.UUID(int=n) for n in range(4)]
    facts = [
        Fact(ids[0], 3, "online", T0 + timedelta(days=3)),
        Fact(ids[1], 5, "declared", T0 + timedelta(days=1)),
        Fact(ids[2], 3, "certified", T0 + timedelta(days=2)),
        Fact(ids[3], 2, "declared", T0 + timedelta(days=4)),
    ]
    forward = record_fold(RecordState(), facts)
    backward = record_fold(RecordState(), list(reversed(facts)))
    assert forward == backward
    state = forward[0]
    assert (state.level, state.level_provenance, state.declared_level) == (3, "certified", 2)
