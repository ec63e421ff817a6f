"""Attendance under concurrent writes: threads with their own database connections.

A double submit of the same presence, or a QR check-in arriving while the trainer saves
the roll call, are two transactions about the same registration at the same instant. On
PostgreSQL they really run in parallel, and the session row lock taken by every attendance
write (`_registration_locked`, `_session_lock`) is what makes the second wait for the
first and then see what it recorded: without it both would read "not marked", both would
record an `attended` statement, and both would create the same slot mark. SQLite
serialises writers itself; there a transaction that finds the database locked is retried
by the client, as a browser would, and the outcome must be the same.

Each thread gets its own copy of the rows it is given, read before the others start, as
separate requests would.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from lrs.models import Statement
from lrs.vocabulary import Verb
from tests.concurrency import run_in_parallel
from tests.workshops.factories import (
    RegistrationFactory,
    SessionFactory,
    WorkshopFactory,
    session_now,
)
from workshops.models import Registration, Session, SlotAttendance
from workshops.services import (
    attendance_mark,
    checkin_record,
    roll_call_record,
    slot_attendance_mark,
)

pytestmark = pytest.mark.django_db(transaction=True)
Attendance = Registration.Attendance
PARIS = ZoneInfo("Europe/Paris")
MONDAY = datetime(2026, 3, 2, tzinfo=PARIS)
SUBMITS = 4


def _copy(registration: Registration) -> Registration:
    """A registration read afresh, as a request of its own would read it."""
    return Registration.objects.select_related("person").get(pk=registration.pk)


def _reread(session: Session) -> Session:
    """A session read afresh, as a request of its own would read it."""
    return Session.objects.get(pk=session.pk)


def _settled(errors: list[Exception], retries: int) -> None:
    """No call failed; on PostgreSQL none had to be sent again (the row lock made them wait)."""
    assert errors == []
    if connection.vendor == "postgresql":
        assert retries == 0


def _attended(registration: Registration):
    """Every `attended` statement about the person, voided or not."""
    return Statement.objects.filter(verb_iri=Verb.ATTENDED, user=registration.person)


def _assert_one_attended(registration: Registration) -> None:
    """Present, with exactly one `attended` statement ever recorded, the one it points to."""
    registration.refresh_from_db()
    assert registration.attendance == Attendance.PRESENT
    statements = list(_attended(registration))
    assert len(statements) == 1, f"{len(statements)} `attended` statements recorded"
    (statement,) = statements
    assert not statement.is_voided
    assert statement.statement_id == registration.attended_statement_id
    assert (
        Registration.objects.filter(
            session=registration.session, person=registration.person
        ).count()
        == 1
    )


@pytest.fixture
def session(trainer) -> Session:
    """A one-slot staff session going on now, trained by `trainer`."""
    return session_now(workshop=WorkshopFactory(trainers=[trainer]))


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment of the two-day session's week (day 0 is Monday 2 March 2026)."""
    return MONDAY + timedelta(days=day, hours=hour, minutes=minute)


@pytest.fixture
def slotted(trainer) -> Session:
    """Two days of two half-days: 09:00–12:00 and 14:00–17:00, Monday and Tuesday."""
    slots = [(at(day, start), at(day, start + 3)) for day in (0, 1) for start in (9, 14)]
    return SessionFactory(workshop=WorkshopFactory(trainers=[trainer]), slots=slots)


def test_a_double_submit_of_a_presence_records_one_attended(session, trainer) -> None:
    """The same presence marked from several requests at once: one `attended`, no error."""
    registration = RegistrationFactory(session=session)
    copies = [_copy(registration) for _ in range(SUBMITS)]
    errors, retries = run_in_parallel(
        [
            lambda r=r: attendance_mark(
                registration=r, attendance=Attendance.PRESENT, recorded_by=trainer
            )
            for r in copies
        ]
    )
    _settled(errors, retries)
    _assert_one_attended(registration)


def test_a_double_submit_of_the_roll_call_records_one_attended(session, trainer) -> None:
    """The roll call page saved twice at once: one `attended` per person present, no error."""
    registrations = [RegistrationFactory(session=session) for _ in range(3)]
    marks = {registration.pk: Attendance.PRESENT for registration in registrations}
    sessions = [_reread(session) for _ in range(SUBMITS)]
    errors, retries = run_in_parallel(
        [
            lambda s=s: roll_call_record(session=s, marks=marks, recorded_by=trainer)
            for s in sessions
        ]
    )
    _settled(errors, retries)
    for registration in registrations:
        _assert_one_attended(registration)


def test_a_double_submit_of_a_slot_presence_records_one_mark_and_one_attended(
    slotted, trainer
) -> None:
    """The same slot marked present from several requests at once: one mark, no IntegrityError."""
    registration = RegistrationFactory(session=slotted)
    morning = slotted.slots.order_by("starts_at").first()
    copies = [_copy(registration) for _ in range(SUBMITS)]
    errors, retries = run_in_parallel(
        [
            lambda r=r: slot_attendance_mark(
                registration=r,
                marks={morning.pk: Attendance.PRESENT},
                recorded_by=trainer,
                now=at(0, 10),
            )
            for r in copies
        ]
    )
    _settled(errors, retries)
    assert list(
        SlotAttendance.objects.filter(registration=registration).values_list("slot", "attendance")
    ) == [(morning.pk, Attendance.PRESENT)]
    _assert_one_attended(registration)


def test_a_qr_check_in_during_the_roll_call_records_one_attended(session, trainer) -> None:
    """The person checks in by QR code while the trainer marks them present: one `attended`."""
    registration = RegistrationFactory(session=session)
    others = [RegistrationFactory(session=session) for _ in range(2)]
    marks = {r.pk: Attendance.PRESENT for r in [registration, *others]}
    person = registration.person
    by_qr, by_trainer = _reread(session), _reread(session)
    errors, retries = run_in_parallel(
        [
            lambda: checkin_record(session=by_qr, person=person),
            lambda: roll_call_record(session=by_trainer, marks=marks, recorded_by=trainer),
        ]
    )
    _settled(errors, retries)
    for one in [registration, *others]:
        _assert_one_attended(one)
    assert not Registration.objects.filter(session=session, is_walk_in=True).exists()


def test_a_qr_check_in_during_the_slot_roll_call_records_one_mark_and_one_attended(
    slotted, trainer
) -> None:
    """A QR check-in racing the roll call of the slot going on: one mark, no IntegrityError."""
    registration = RegistrationFactory(session=slotted)
    morning = slotted.slots.order_by("starts_at").first()
    person = registration.person
    by_qr, by_trainer = _reread(slotted), _reread(slotted)
    errors, retries = run_in_parallel(
        [
            lambda: checkin_record(session=by_qr, person=person, now=at(0, 9, 5)),
            lambda: roll_call_record(
                session=by_trainer,
                slot_marks={registration.pk: {morning.pk: Attendance.PRESENT}},
                recorded_by=trainer,
                now=at(0, 9, 5),
            ),
        ]
    )
    _settled(errors, retries)
    assert list(
        SlotAttendance.objects.filter(registration=registration).values_list("slot", "attendance")
    ) == [(morning.pk, Attendance.PRESENT)]
    _assert_one_attended(registration)
