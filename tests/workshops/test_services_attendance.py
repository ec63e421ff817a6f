"""Attendance → xAPI statement → skills evidence; trainer validation; cycles → certificate."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from certificates.models import Certificate
from lrs.models import Statement
from lrs.vocabulary import Extension, Verb
from skills.models import Evidence, SkillRecord
from skills.selectors import competence_iri
from tests.accounts.factories import UserFactory
from tests.skills.factories import digcomp
from tests.workshops.factories import (
    RegistrationFactory,
    SessionFactory,
    WorkshopFactory,
    session_now,
)
from workshops.models import Cycle, Registration, WorkshopCompetence
from workshops.services import (
    AttendanceRefused,
    attendance_mark,
    checkin_record,
    competence_validate,
    roll_call_record,
    workshop_alignments_sync,
)

pytestmark = pytest.mark.django_db
Attendance = Registration.Attendance


@pytest.fixture
def aligned_session(trainer):
    """A staff session happening now, whose workshop serves DigComp 1.1 (level 3) and 5.2 (2)."""
    workshop = WorkshopFactory(title="Découvrir la presse en ligne", trainers=[trainer])
    WorkshopCompetence.objects.create(workshop=workshop, competence=digcomp("1.1"), level=3)
    WorkshopCompetence.objects.create(workshop=workshop, competence=digcomp("5.2"), level=2)
    workshop_alignments_sync(workshop=workshop)
    return session_now(workshop=workshop)


def test_presence_records_attended_in_person_and_gives_evidence(aligned_session, trainer) -> None:
    """Marking someone present stores `attended` (in person) and evidence per aligned competence."""
    registration = RegistrationFactory(session=aligned_session)
    roll_call_record(
        session=aligned_session, marks={registration.pk: Attendance.PRESENT}, recorded_by=trainer
    )
    registration.refresh_from_db()
    statement = Statement.objects.get(statement_id=registration.attended_statement_id)
    assert statement.verb_iri == Verb.ATTENDED
    assert statement.activity_iri == aligned_session.workshop.activity_iri
    assert statement.user_id == registration.person_id
    context = statement.data["context"]
    assert context["extensions"][Extension.PROVENANCE] == "in_person"
    assert context["instructor"]["account"]["name"] == str(trainer.pk)
    assert context["registration"] == str(registration.uuid)
    assert context["contextActivities"]["parent"][0]["id"] == aligned_session.activity_iri
    evidence = Evidence.objects.filter(user=registration.person)
    assert {(e.competence.code, e.level, e.provenance) for e in evidence} == {
        ("1.1", 3, "in_person"),
        ("5.2", 2, "in_person"),
    }
    assert SkillRecord.objects.get(user=registration.person, competence=digcomp("1.1")).level == 3


def test_marking_present_twice_records_one_statement(aligned_session, trainer) -> None:
    """Saving the roll call again does not duplicate the statement."""
    registration = RegistrationFactory(session=aligned_session)
    for _ in range(2):
        roll_call_record(
            session=aligned_session,
            marks={registration.pk: Attendance.PRESENT},
            recorded_by=trainer,
        )
    assert Statement.objects.filter(verb_iri=Verb.ATTENDED).count() == 1


def test_taking_back_a_presence_voids_the_statement_and_its_evidence(
    aligned_session, trainer
) -> None:
    """Present then absent: the `attended` statement is voided and the evidence goes."""
    registration = RegistrationFactory(session=aligned_session)
    attendance_mark(registration=registration, attendance=Attendance.PRESENT, recorded_by=trainer)
    statement_id = registration.attended_statement_id
    attendance_mark(registration=registration, attendance=Attendance.ABSENT, recorded_by=trainer)
    assert Statement.objects.get(statement_id=statement_id).is_voided
    assert registration.attended_statement_id is None
    assert not Evidence.objects.filter(user=registration.person).exists()


@pytest.mark.parametrize("attendance", [Attendance.ABSENT, Attendance.EXCUSED])
def test_absence_records_no_statement(aligned_session, trainer, attendance) -> None:
    """Absent or excused people get no statement and no evidence."""
    registration = RegistrationFactory(session=aligned_session)
    attendance_mark(registration=registration, attendance=attendance, recorded_by=trainer)
    assert registration.attendance == attendance
    assert not Statement.objects.exists()


def test_a_waitlisted_person_who_comes_gets_the_place(aligned_session, trainer) -> None:
    """A waitlisted person marked present is confirmed."""
    registration = RegistrationFactory(session=aligned_session, status="waitlisted")
    attendance_mark(registration=registration, attendance=Attendance.PRESENT, recorded_by=trainer)
    assert registration.status == Registration.Status.CONFIRMED


def test_roll_call_only_by_the_trainers(aligned_session) -> None:
    """Someone who does not train the session cannot take its roll call."""
    registration = RegistrationFactory(session=aligned_session)
    with pytest.raises(AttendanceRefused):
        roll_call_record(
            session=aligned_session,
            marks={registration.pk: Attendance.PRESENT},
            recorded_by=registration.person,
        )


def test_roll_call_refuses_people_of_another_session(aligned_session, trainer) -> None:
    """A registration id from another session is refused, nothing is recorded."""
    stranger = RegistrationFactory()
    with pytest.raises(AttendanceRefused):
        roll_call_record(
            session=aligned_session, marks={stranger.pk: Attendance.PRESENT}, recorded_by=trainer
        )
    assert not Statement.objects.exists()


def test_attendance_cannot_be_taken_before_the_day(trainer) -> None:
    """A session next week has no attendance yet."""
    session = SessionFactory(workshop=WorkshopFactory(trainers=[trainer]))
    registration = RegistrationFactory(session=session)
    with pytest.raises(AttendanceRefused) as refused:
        attendance_mark(registration=registration, attendance="present", recorded_by=trainer)
    assert "à partir du jour de la séance" in refused.value.reason


def test_qr_check_in_of_a_walk_in_creates_their_registration(aligned_session) -> None:
    """Someone not registered who checks in is recorded as a walk-in, present."""
    person = UserFactory()
    registration = checkin_record(session=aligned_session, person=person)
    assert registration.is_walk_in
    assert registration.attendance == Attendance.PRESENT
    assert registration.attendance_method == Registration.Method.QR
    assert registration.attendance_recorded_by == person
    assert Evidence.objects.filter(user=person, provenance="in_person").exists()


def test_qr_check_in_is_refused_outside_the_session_time(trainer) -> None:
    """Checking in is open from an hour before to an hour after the session only."""
    # A fixed afternoon, so that "3 hours before" is still the day of the session whatever
    # the time the test runs (late in the evening, now + 3 h would be the next day).
    start = datetime(2031, 3, 11, 14, 0, tzinfo=UTC)  # 15:00 in Paris
    end = start + timedelta(hours=1)
    session = SessionFactory(workshop=WorkshopFactory(trainers=[trainer]), slots=[(start, end)])
    for moment in (start - timedelta(hours=3), end + timedelta(hours=2)):
        with pytest.raises(AttendanceRefused) as refused:
            checkin_record(session=session, person=UserFactory(), now=moment)
        assert "une heure avant" in refused.value.reason
    inside = checkin_record(
        session=session, person=UserFactory(), now=start - timedelta(minutes=30)
    )
    assert inside.attendance == Attendance.PRESENT


def test_trainer_validates_an_observed_competence(aligned_session, trainer) -> None:
    """A validation is a `mastered` statement on the competence IRI, level 4, in person."""
    registration = RegistrationFactory(session=aligned_session)
    attendance_mark(registration=registration, attendance="present", recorded_by=trainer)
    validation = competence_validate(
        registration=registration, competence=digcomp("5.2"), level=4, validated_by=trainer
    )
    statement = Statement.objects.get(statement_id=validation.statement_id)
    assert statement.verb_iri == Verb.VALIDATED
    assert statement.activity_iri == competence_iri(digcomp("5.2"))
    assert statement.data["result"] == {"success": True, "extensions": {Extension.LEVEL: 4}}
    assert statement.data["context"]["instructor"]["account"]["name"] == str(trainer.pk)
    assert statement.data["context"]["extensions"][Extension.PROVENANCE] == "in_person"
    record = SkillRecord.objects.get(user=registration.person, competence=digcomp("5.2"))
    assert (record.level, record.level_provenance) == (4, "in_person")


def test_validation_needs_presence_and_a_competence_of_the_workshop(
    aligned_session, trainer
) -> None:
    """No validation for someone not present, nor for a competence the workshop does not serve."""
    registration = RegistrationFactory(session=aligned_session)
    with pytest.raises(AttendanceRefused):
        competence_validate(
            registration=registration, competence=digcomp("1.1"), level=3, validated_by=trainer
        )
    attendance_mark(registration=registration, attendance="present", recorded_by=trainer)
    with pytest.raises(AttendanceRefused):
        competence_validate(
            registration=registration, competence=digcomp("4.2"), level=3, validated_by=trainer
        )
    with pytest.raises(AttendanceRefused):
        competence_validate(
            registration=registration,
            competence=digcomp("1.1"),
            level=3,
            validated_by=registration.person,
        )


def test_a_cycle_completed_before_its_last_session_ends_is_dated_today(trainer) -> None:
    """A last session still running (it may end after midnight) dates the certificate today."""
    start = timezone.now() - timedelta(hours=1)
    session = SessionFactory(
        workshop=WorkshopFactory(trainers=[trainer]), slots=[(start, start + timedelta(days=2))]
    )
    cycle = Cycle.objects.create(title="Cycle long", required_sessions=1)
    cycle.sessions.set([session])
    cycle.save()
    registration = RegistrationFactory(session=session)
    attendance_mark(registration=registration, attendance="present", recorded_by=trainer)
    certificate = Certificate.objects.get(user=registration.person)
    assert certificate.completed_on == timezone.localdate()


def test_a_completed_cycle_issues_its_certificate_once(aligned_session, trainer) -> None:
    """Attending the sessions a cycle requires issues one workshop-cycle certificate."""
    earlier_start = timezone.now() - timedelta(days=7)
    earlier = SessionFactory(
        workshop=aligned_session.workshop,
        slots=[(earlier_start, earlier_start + timedelta(hours=3))],
    )
    cycle = Cycle.objects.create(title="Cycle presse en ligne", required_sessions=2)
    cycle.sessions.set([earlier, aligned_session])
    cycle.save()
    person = UserFactory()
    first = RegistrationFactory(session=earlier, person=person)
    attendance_mark(registration=first, attendance="present", recorded_by=trainer)
    assert not Certificate.objects.filter(user=person).exists()
    second = RegistrationFactory(session=aligned_session, person=person)
    attendance_mark(registration=second, attendance="present", recorded_by=trainer)
    attendance_mark(registration=second, attendance="excused", recorded_by=trainer)
    attendance_mark(registration=second, attendance="present", recorded_by=trainer)
    certificate = Certificate.objects.get(user=person, revoked_at__isnull=True)
    assert certificate.achievement_key == f"workshop-cycle:{cycle.pk}"
    assert certificate.kind == "workshop_cycle"
    assert certificate.title == "Cycle presse en ligne"
    achievement = certificate.snapshot["achievement"]
    assert achievement["duration_minutes"] == 5 * 60
    assert {item["code"] for item in achievement["competences"]} == {"1.1", "5.2"}


def test_a_roll_call_on_a_stale_registration_records_one_attended(aligned_session, trainer) -> None:
    """Two submits of the same presence, the second read before the first saved: one `attended`."""
    registration = RegistrationFactory(session=aligned_session)
    stale = Registration.objects.get(pk=registration.pk)
    attendance_mark(registration=registration, attendance=Attendance.PRESENT, recorded_by=trainer)
    attendance_mark(registration=stale, attendance=Attendance.PRESENT, recorded_by=trainer)
    counting = Statement.objects.filter(verb_iri=Verb.ATTENDED, is_voided=False)
    assert counting.count() == 1
    registration.refresh_from_db()
    assert counting.get().statement_id == registration.attended_statement_id


def cycle_of(*sessions, required: int | None = None) -> Cycle:
    """A cycle of the given sessions."""
    cycle = Cycle.objects.create(title="Cycle presse en ligne", required_sessions=required)
    cycle.sessions.set(sessions)
    cycle.save()
    return cycle


@pytest.mark.parametrize("attendance", [Attendance.ABSENT, Attendance.EXCUSED, Attendance.UNMARKED])
def test_a_presence_taken_back_withdraws_the_cycle_certificate(
    aligned_session, trainer, attendance
) -> None:
    """Present then not: the cycle certificate is revoked, the reason says attendance changed."""
    cycle_of(aligned_session)
    registration = RegistrationFactory(session=aligned_session)
    attendance_mark(registration=registration, attendance=Attendance.PRESENT, recorded_by=trainer)
    certificate = Certificate.objects.get(user=registration.person)
    earned = certificate.statement_id
    attendance_mark(registration=registration, attendance=attendance, recorded_by=trainer)
    certificate.refresh_from_db()
    assert certificate.is_revoked
    assert certificate.revoked_reason == "Présence corrigée : le cycle n’est plus achevé."
    assert certificate.revoked_by == trainer
    assert Statement.objects.get(statement_id=earned).is_voided


def test_a_cycle_still_completed_keeps_its_certificate(aligned_session, trainer) -> None:
    """A presence taken back from a cycle still completed (1 of 2 needed): the certificate stays."""
    earlier_start = timezone.now() - timedelta(days=7)
    earlier = SessionFactory(
        workshop=aligned_session.workshop,
        slots=[(earlier_start, earlier_start + timedelta(hours=3))],
    )
    cycle_of(earlier, aligned_session, required=1)
    person = UserFactory()
    for session in (earlier, aligned_session):
        attendance_mark(
            registration=RegistrationFactory(session=session, person=person),
            attendance=Attendance.PRESENT,
            recorded_by=trainer,
        )
    second = Registration.objects.get(person=person, session=aligned_session)
    attendance_mark(registration=second, attendance=Attendance.ABSENT, recorded_by=trainer)
    assert not Certificate.objects.get(user=person).is_revoked


def test_a_presence_given_back_issues_a_new_certificate(aligned_session, trainer) -> None:
    """Present, absent by mistake, present again: a new valid certificate replaces the revoked."""
    cycle_of(aligned_session)
    registration = RegistrationFactory(session=aligned_session)
    for attendance in (Attendance.PRESENT, Attendance.ABSENT, Attendance.PRESENT):
        attendance_mark(registration=registration, attendance=attendance, recorded_by=trainer)
    certificates = Certificate.objects.filter(user=registration.person)
    assert certificates.count() == 2
    assert certificates.filter(revoked_at__isnull=True).count() == 1


def test_a_presence_taken_back_voids_the_competences_validated(aligned_session, trainer) -> None:
    """Present, validated 1.1 at level 5, then absent: the validation goes, the level falls back."""
    registration = RegistrationFactory(session=aligned_session)
    attendance_mark(registration=registration, attendance=Attendance.PRESENT, recorded_by=trainer)
    validation = competence_validate(
        registration=registration, competence=digcomp("1.1"), level=5, validated_by=trainer
    )
    attendance_mark(registration=registration, attendance=Attendance.ABSENT, recorded_by=trainer)
    assert Statement.objects.get(statement_id=validation.statement_id).is_voided
    assert not registration.validations.exists()
    assert not SkillRecord.objects.filter(
        user=registration.person, competence=digcomp("1.1"), level__gt=0
    ).exists()


def test_a_validation_corrected_to_a_lower_level_lowers_the_skill(aligned_session, trainer) -> None:
    """1.1 validated at 5, then corrected to 2: the first statement is voided, the record falls."""
    registration = RegistrationFactory(session=aligned_session)
    attendance_mark(registration=registration, attendance=Attendance.PRESENT, recorded_by=trainer)
    first = competence_validate(
        registration=registration, competence=digcomp("1.1"), level=5, validated_by=trainer
    )
    record = SkillRecord.objects.get(user=registration.person, competence=digcomp("1.1"))
    assert record.level == 5
    second = competence_validate(
        registration=registration, competence=digcomp("1.1"), level=2, validated_by=trainer
    )
    assert Statement.objects.get(statement_id=first.statement_id).is_voided
    assert not Statement.objects.get(statement_id=second.statement_id).is_voided
    record.refresh_from_db()
    assert record.level == 3  # what attending the workshop gives, above the corrected 2
