"""Summary tables: kept current by the write paths, equal to a full recomputation."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboards.models import (
    MONTH_FIELDS,
    ActivityCount,
    LevelCount,
    PersonActivityMonth,
    PersonLevelStep,
    SummaryMark,
)
from dashboards.services import levels_year_ensure, summaries_rebuild
from lrs.vocabulary import Verb
from organizations.models import Membership
from skills.services import alignments_set
from tests.dashboards.factories import (
    attendance_record,
    completion_record,
    digcomp,
    evidence_record,
    lesson_completion_record,
    statement_void,
)
from tests.skills.factories import exercise_iri, record

pytestmark = pytest.mark.django_db


def _aware(year: int, month: int, day: int = 10) -> datetime:
    return datetime(year, month, day, 11, tzinfo=timezone.get_current_timezone())


def snapshot() -> dict[str, list[tuple]]:
    """Every summary row, comparable (no ids)."""
    return {
        "steps": sorted(
            PersonLevelStep.objects.values_list(
                "user_id", "competence_id", "track", "month_on", "level", "library_id", "commune_id"
            )
        ),
        "counts": sorted(
            LevelCount.objects.values_list(
                "place", "place_id", "competence_id", "track", "level", "year", *MONTH_FIELDS
            )
        ),
        "person_months": sorted(
            PersonActivityMonth.objects.values_list(
                "user_id", "month_on", "completions", "attendances", "library_id", "commune_id"
            )
        ),
        "places": sorted(
            ActivityCount.objects.values_list(
                "place",
                "place_id",
                "month_on",
                "completions",
                "completers",
                "attendances",
                "attendees",
            )
        ),
    }


def assert_equals_a_rebuild() -> None:
    """The summaries, as written so far, are what a full rebuild writes."""
    incremental = snapshot()
    summaries_rebuild()
    assert snapshot() == incremental


def count_at(
    place: str, place_id: int, competence, track: str, level: int, year: int, month: int
) -> int:
    """One month-end count of `LevelCount` (0 when no row)."""
    row = LevelCount.objects.filter(
        place=place, place_id=place_id, competence=competence, track=track, level=level, year=year
    ).first()
    return getattr(row, MONTH_FIELDS[month - 1]) if row else 0


@time_machine.travel(datetime(2026, 6, 15, 12, tzinfo=timezone.get_current_timezone()), tick=False)
def test_evidence_moves_people_between_levels_month_by_month(network):
    """A person at level 2 in March then 4 in May counts at 2 for March–April, at 4 from May."""
    library = network.libraries["59350"][0]
    person = network.agents[library.pk][0]
    competence = digcomp("1.1")
    evidence_record(person, competence, level=2, when=_aware(2026, 3))
    evidence_record(person, competence, level=4, provenance="in_person", when=_aware(2026, 5))
    for place, place_id in (("l", library.pk), ("c", library.commune_id), ("m", 0)):
        assert count_at(place, place_id, competence, "validated", 2, 2026, 2) == 0
        assert count_at(place, place_id, competence, "validated", 2, 2026, 3) == 1
        assert count_at(place, place_id, competence, "validated", 2, 2026, 4) == 1
        assert count_at(place, place_id, competence, "validated", 2, 2026, 5) == 0
        assert count_at(place, place_id, competence, "validated", 4, 2026, 5) == 1
        assert count_at(place, place_id, competence, "validated", 4, 2026, 12) == 1
    assert count_at("l", library.pk, competence, "online", 2, 2026, 6) == 1
    assert count_at("l", library.pk, competence, "in_person", 4, 2026, 6) == 1


@time_machine.travel(datetime(2026, 6, 15, 12, tzinfo=timezone.get_current_timezone()), tick=False)
def test_declared_level_is_the_latest_and_stays_apart(network):
    """Self-positioning 5 then 2: the declared track ends at 2; the validated track is untouched."""
    person = network.agents[network.libraries["59512"][0].pk][0]
    competence = digcomp("2.1")
    evidence_record(person, competence, level=5, provenance="declared", when=_aware(2026, 1))
    evidence_record(person, competence, level=2, provenance="declared", when=_aware(2026, 4))
    assert count_at("m", 0, competence, "declared", 5, 2026, 3) == 1
    assert count_at("m", 0, competence, "declared", 5, 2026, 4) == 0
    assert count_at("m", 0, competence, "declared", 2, 2026, 4) == 1
    assert not LevelCount.objects.filter(track="validated", competence=competence).exists()


@time_machine.travel(datetime(2026, 6, 15, 12, tzinfo=timezone.get_current_timezone()), tick=False)
def test_completions_and_attendance_count_and_voiding_takes_them_back(network):
    """Path completions and attendances count per month; a lesson does not; voiding removes."""
    library = network.libraries["59350"][1]
    person = network.agents[library.pk][0]
    done = completion_record(person, when=_aware(2026, 2))
    completion_record(person, when=_aware(2026, 2, 20), path=2)
    lesson_completion_record(person, when=_aware(2026, 2))
    attended = attendance_record(person, when=_aware(2026, 3))
    row = ActivityCount.objects.get(
        place="l", place_id=library.pk, month_on=_aware(2026, 2).date().replace(day=1)
    )
    assert (row.completions, row.completers, row.attendances) == (2, 1, 0)
    statement_void(done, by=person)
    statement_void(attended, by=network.agents[library.pk][1])
    row.refresh_from_db()
    assert (row.completions, row.completers) == (1, 1)
    assert not ActivityCount.objects.filter(month_on=_aware(2026, 3).date().replace(day=1)).exists()
    assert not PersonActivityMonth.objects.filter(attendances__gt=0).exists()


def test_rebuild_command_recomputes_the_same_tables(network):
    """`manage.py dashboards_rebuild` gives back exactly what the write paths built."""
    competence = digcomp("3.1")
    now = timezone.now()
    for index, library in enumerate(network.libraries["59350"]):
        for person in network.agents[library.pk][:3]:
            evidence_record(person, competence, level=index + 2, when=now - timedelta(days=40))
            completion_record(person, when=now - timedelta(days=3))
    before = snapshot()
    call_command("dashboards_rebuild", verbosity=0)
    assert snapshot() == before
    assert before["counts"]
    assert before["places"]


def test_person_without_a_library_is_in_no_place(db):
    """Someone with no library membership has steps, but adds to no library, commune or MEL."""
    from tests.accounts.factories import UserFactory

    person = UserFactory()
    evidence_record(person, digcomp("1.2"), level=3, when=timezone.now())
    completion_record(person, when=timezone.now())
    assert PersonLevelStep.objects.filter(user=person, library__isnull=True).exists()
    assert not LevelCount.objects.exists()
    assert not ActivityCount.objects.exists()


def test_moving_library_is_reconciled_by_the_next_write_and_the_rebuild(network):
    """A person who changes library is counted in the new one after a write or a rebuild."""
    first, second = network.libraries["59350"]
    person = network.agents[first.pk][0]
    competence = digcomp("1.3")
    evidence_record(person, competence, level=3, when=timezone.now())
    Membership.objects.filter(user=person).update(library=second)
    evidence_record(person, competence, level=3, when=timezone.now())  # same steps, new place
    year, month = timezone.localdate().year, timezone.localdate().month
    assert count_at("l", second.pk, competence, "validated", 3, year, month) == 1
    assert count_at("l", first.pk, competence, "validated", 3, year, month) == 0
    before = snapshot()
    summaries_rebuild()
    assert snapshot() == before


def test_new_year_carries_december_forward(network):
    """Counts written in December run into January once the year is carried forward."""
    person = network.agents[network.libraries["59512"][1].pk][0]
    competence = digcomp("4.1")
    zone = timezone.get_current_timezone()
    with time_machine.travel(datetime(2025, 12, 20, 12, tzinfo=zone), tick=False):
        evidence_record(person, competence, level=3, when=timezone.now())
        assert SummaryMark.objects.get(key="levels_year").value == 2025
    with time_machine.travel(datetime(2026, 1, 5, 12, tzinfo=zone), tick=False):
        assert levels_year_ensure() == 2026
        assert count_at("m", 0, competence, "validated", 3, 2026, 1) == 1
        evidence_record(person, competence, level=5, when=timezone.now())
        before = snapshot()
        summaries_rebuild()
        assert snapshot() == before


def test_new_year_takes_the_summaries_lock_before_the_year_row(network):
    """Carrying the year forward locks as the rebuild does: summaries lock, then the year row."""
    person = network.agents[network.libraries["59512"][1].pk][0]
    zone = timezone.get_current_timezone()
    with time_machine.travel(datetime(2025, 12, 20, 12, tzinfo=zone), tick=False):
        evidence_record(person, digcomp("4.1"), level=3, when=timezone.now())
    with (
        time_machine.travel(datetime(2026, 1, 5, 12, tzinfo=zone), tick=False),
        CaptureQueriesContext(connection) as queries,
    ):
        assert levels_year_ensure() == 2026
    if connection.vendor == "postgresql":  # elsewhere neither lock is taken (CI's stage 2)
        sql = [query["sql"] for query in queries.captured_queries]
        year_row = next(i for i, text in enumerate(sql) if "FOR UPDATE" in text)
        summaries = next(i for i, text in enumerate(sql) if "pg_advisory_xact_lock_shared" in text)
        assert summaries < year_row


WRITE = st.one_of(
    st.tuples(
        st.just("evidence"),
        st.integers(0, 5),  # person
        st.sampled_from(["1.1", "2.3", "5.4"]),
        st.integers(0, 8),  # level (0 only counts when declared)
        st.sampled_from(["online", "in_person", "declared", "certified"]),
        st.integers(0, 20),  # months ago
    ),
    st.tuples(st.just("completion"), st.integers(0, 5), st.integers(0, 20)),
    st.tuples(st.just("attendance"), st.integers(0, 5), st.integers(0, 20)),
    st.tuples(st.just("void"), st.integers(0, 30)),
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(writes=st.lists(WRITE, min_size=1, max_size=14))
def test_summaries_equal_a_full_recomputation_after_any_writes(network, writes):
    """Whatever the series of writes (late, declared, voided…), the tables equal a rebuild."""
    people = [
        person
        for code in ("59350", "59512")
        for library in network.libraries[code][:1]
        for person in network.agents[library.pk][:3]
    ]
    now = timezone.now()
    with transaction.atomic():
        stored = []
        for write in writes:
            kind = write[0]
            if kind == "evidence":
                _kind, person, code, level, provenance, ago = write
                if level == 0 and provenance != "declared":
                    level = 1
                stored.append(
                    evidence_record(
                        people[person],
                        digcomp(code),
                        level=level,
                        provenance=provenance,
                        when=now - timedelta(days=30 * ago),
                    )
                )
            elif kind == "completion":
                stored.append(
                    completion_record(people[write[1]], when=now - timedelta(days=30 * write[2]))
                )
            elif kind == "attendance":
                stored.append(
                    attendance_record(people[write[1]], when=now - timedelta(days=30 * write[2]))
                )
            elif stored:
                target = stored[write[1] % len(stored)]
                if not target.is_voiding:
                    target.refresh_from_db()
                    if not target.is_voided:
                        statement_void(target, by=people[0])
        assert_equals_a_rebuild()
        transaction.set_rollback(True)


JULY_2026 = datetime(2026, 7, 15, 12, tzinfo=timezone.get_current_timezone())


@time_machine.travel(JULY_2026, tick=False)
def test_realigning_an_earlier_course_moves_past_months_like_a_rebuild(
    network, django_capture_on_commit_callbacks
):
    """Course A (level 2, January) re-aligned to 3 under course B (4, June): January–May at 3."""
    library = network.libraries["59350"][0]
    person = network.agents[library.pk][0]
    competence = digcomp("1.1")
    alignments_set(activity_iri=exercise_iri("a"), items=[(competence, 2)])
    alignments_set(activity_iri=exercise_iri("b"), items=[(competence, 4)])
    record(person, iri=exercise_iri("a"), result={"success": True}, timestamp=_aware(2026, 1))
    record(person, iri=exercise_iri("b"), result={"success": True}, timestamp=_aware(2026, 6))
    with django_capture_on_commit_callbacks(execute=True):
        alignments_set(activity_iri=exercise_iri("a"), items=[(competence, 3)])
    assert count_at("l", library.pk, competence, "validated", 3, 2026, 1) == 1
    assert count_at("l", library.pk, competence, "validated", 2, 2026, 1) == 0
    assert_equals_a_rebuild()


@time_machine.travel(JULY_2026, tick=False)
def test_realigning_an_in_person_workshop_below_the_level_updates_its_track(
    network, django_capture_on_commit_callbacks
):
    """An in-person 2 under an online 4, re-aligned to 3: the in-person track shows 3."""
    library = network.libraries["59512"][0]
    person = network.agents[library.pk][0]
    competence = digcomp("2.1")
    alignments_set(activity_iri=exercise_iri("online"), items=[(competence, 4)])
    alignments_set(activity_iri=exercise_iri("workshop"), items=[(competence, 2)])
    record(person, iri=exercise_iri("online"), result={"success": True}, timestamp=_aware(2026, 1))
    record(
        person,
        iri=exercise_iri("workshop"),
        verb=Verb.ATTENDED,
        provenance="in_person",
        timestamp=_aware(2026, 3),
    )
    with django_capture_on_commit_callbacks(execute=True):
        alignments_set(activity_iri=exercise_iri("workshop"), items=[(competence, 3)])
    assert count_at("l", library.pk, competence, "in_person", 3, 2026, 3) == 1
    assert_equals_a_rebuild()


@time_machine.travel(JULY_2026, tick=False)
def test_skills_rebuild_after_a_realignment_leaves_summaries_equal_to_a_rebuild(network):
    """An alignment changed without its refresh: `skills_rebuild` also brings the summaries."""
    library = network.libraries["59350"][1]
    person = network.agents[library.pk][0]
    competence = digcomp("1.2")
    alignments_set(activity_iri=exercise_iri("a"), items=[(competence, 2)])
    alignments_set(activity_iri=exercise_iri("b"), items=[(competence, 4)])
    record(person, iri=exercise_iri("a"), result={"success": True}, timestamp=_aware(2026, 1))
    record(person, iri=exercise_iri("b"), result={"success": True}, timestamp=_aware(2026, 6))
    alignments_set(activity_iri=exercise_iri("a"), items=[(competence, 3)])  # refresh not run
    call_command("skills_rebuild", verbosity=0)
    assert count_at("l", library.pk, competence, "validated", 3, 2026, 2) == 1
    assert_equals_a_rebuild()
