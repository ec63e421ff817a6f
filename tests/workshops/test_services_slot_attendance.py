"""Attendance per time slot: roll call and QR check-in per half-day, one `attended` in sum."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from certificates.models import Certificate
from lrs.models import Statement
from lrs.vocabulary import Verb
from tests.workshops.factories import (
    RegistrationFactory,
    SessionFactory,
    WorkshopFactory,
)
from workshops.models import Cycle, Registration, SlotAttendance
from workshops.selectors import checked_in, current_slot
from workshops.services import (
    AttendanceRefused,
    attendance_mark,
    checkin_record,
    roll_call_record,
    slot_attendance_mark,
)
from workshops.services.attendance import attendance_summary

pytestmark = pytest.mark.django_db
Attendance = Registration.Attendance
PARIS = ZoneInfo("Europe/Paris")
MONDAY = datetime(2026, 3, 2, tzinfo=PARIS)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment of the two-day session's week (day 0 is Monday 2 March 2026)."""
    return MONDAY + timedelta(days=day, hours=hour, minutes=minute)


@pytest.fixture
def session(trainer):
    """Two days of two half-days: 09:00–12:00 and 14:00–17:00, Monday and Tuesday."""
    slots = [(at(day, start), at(day, start + 3)) for day in (0, 1) for start in (9, 14)]
    return SessionFactory(workshop=WorkshopFactory(trainers=[trainer]), slots=slots)


def slots_of(session) -> list:
    """The session's slots in time order."""
    return list(session.slots.all())


def mark(registration, trainer, marks: dict, when: datetime) -> Registration:
    """The trainer marks some of a person's slots at a given moment."""
    return slot_attendance_mark(
        registration=registration, marks=marks, recorded_by=trainer, now=when
    )


def attended(registration) -> list[Statement]:
    """The `attended` statements about a registration that still count."""
    return list(
        Statement.objects.filter(verb_iri=Verb.ATTENDED, user=registration.person, is_voided=False)
    )


@pytest.mark.parametrize(
    ("statuses", "summary"),
    [
        (["present", "absent"], "present"),
        (["absent", "present", "unmarked"], "present"),
        (["absent", "absent"], "absent"),
        (["excused", "excused"], "excused"),
        (["excused", "absent"], "absent"),
        (["absent", "unmarked"], "unmarked"),
        ([], "unmarked"),
    ],
)
def test_the_summary_of_a_persons_slots(statuses, summary) -> None:
    """Present at one slot is present; every slot marked otherwise is absent or excused."""
    assert attendance_summary(statuses) == summary


def test_roll_call_per_slot_records_the_time_attended(session, trainer) -> None:
    """Present Monday morning only: present, and `attended` lasts the three hours attended."""
    registration = RegistrationFactory(session=session)
    morning, afternoon, *_ = slots_of(session)
    roll_call_record(
        session=session,
        slot_marks={registration.pk: {morning.pk: "present", afternoon.pk: "absent"}},
        recorded_by=trainer,
        now=at(0, 17, 30),
    )
    registration.refresh_from_db()
    assert registration.attendance == Attendance.PRESENT
    marks = dict(SlotAttendance.objects.values_list("slot_id", "attendance"))
    assert marks == {morning.pk: "present", afternoon.pk: "absent"}
    (statement,) = attended(registration)
    assert statement.statement_id == registration.attended_statement_id
    assert statement.data["result"]["duration"] == "PT180M"
    assert statement.data["timestamp"].startswith("2026-03-02T11:00:00")  # the slot's end, UTC


def test_more_slots_attended_replace_the_statement(session, trainer) -> None:
    """Present in the afternoon too: the first `attended` is voided, one of 360 min replaces it."""
    registration = RegistrationFactory(session=session)
    morning, afternoon, *_ = slots_of(session)
    mark(registration, trainer, {morning.pk: "present"}, at(0, 10))
    first = registration.attended_statement_id
    mark(registration, trainer, {afternoon.pk: "present"}, at(0, 15))
    registration.refresh_from_db()
    (statement,) = attended(registration)
    assert statement.statement_id == registration.attended_statement_id != first
    assert statement.data["result"]["duration"] == "PT360M"
    assert Statement.objects.get(statement_id=first).is_voided


def test_marking_the_same_slots_again_records_nothing_new(session, trainer) -> None:
    """The same roll call saved twice keeps one statement."""
    registration = RegistrationFactory(session=session)
    morning = slots_of(session)[0]
    for _ in range(2):
        mark(registration, trainer, {morning.pk: "present"}, at(0, 10))
    assert Statement.objects.filter(verb_iri=Verb.ATTENDED).count() == 1


def test_taking_back_every_presence_voids_the_statement(session, trainer) -> None:
    """Present by mistake, then absent at both Monday slots: no `attended` left."""
    registration = RegistrationFactory(session=session)
    morning, afternoon, *_ = slots_of(session)
    mark(registration, trainer, {morning.pk: "present"}, at(0, 10))
    mark(registration, trainer, {morning.pk: "absent", afternoon.pk: "absent"}, at(0, 18))
    registration.refresh_from_db()
    assert registration.attendance == Attendance.UNMARKED  # Tuesday is not marked yet
    assert registration.attended_statement_id is None
    assert attended(registration) == []


def test_a_slot_of_a_later_day_cannot_be_marked_yet(session, trainer) -> None:
    """On Monday, Tuesday's slots are refused, and the Monday mark sent with them is not kept."""
    registration = RegistrationFactory(session=session)
    monday, *_, tuesday = slots_of(session)
    with pytest.raises(AttendanceRefused, match="à partir du jour de ce créneau"):
        slot_attendance_mark(
            registration=registration,
            marks={monday.pk: "present", tuesday.pk: "present"},
            recorded_by=trainer,
            now=at(0, 10),
        )
    assert not SlotAttendance.objects.exists()
    assert attended(registration) == []


def test_a_slot_of_another_session_is_refused(session, trainer) -> None:
    """A slot id from elsewhere is refused; nothing is stored."""
    registration = RegistrationFactory(session=session)
    other = SessionFactory(slots=[(at(0, 9), at(0, 12)), (at(0, 14), at(0, 17))])
    with pytest.raises(AttendanceRefused, match="ne fait pas partie de la séance"):
        slot_attendance_mark(
            registration=registration,
            marks={slots_of(other)[0].pk: "present"},
            recorded_by=trainer,
            now=at(0, 10),
        )
    assert not SlotAttendance.objects.exists()


def test_marking_the_whole_session_marks_the_slots_whose_day_has_come(session, trainer) -> None:
    """`attendance_mark` on Monday evening marks Monday's two slots, not Tuesday's."""
    registration = RegistrationFactory(session=session)
    attendance_mark(
        registration=registration, attendance="present", recorded_by=trainer, now=at(0, 18)
    )
    monday = {slot.pk for slot in slots_of(session)[:2]}
    assert set(SlotAttendance.objects.values_list("slot_id", flat=True)) == monday
    (statement,) = attended(registration)
    assert statement.data["result"]["duration"] == "PT360M"


@pytest.mark.parametrize(
    ("moment", "slot_index"),
    [(at(0, 8, 15), 0), (at(0, 11), 0), (at(0, 13, 5), 1), (at(1, 16, 45), 3)],
)
def test_qr_check_in_marks_the_slot_going_on(session, moment, slot_index) -> None:
    """The check-in goes to the current slot, or the nearest one within the hour."""
    registration = RegistrationFactory(session=session)
    slot = slots_of(session)[slot_index]
    assert current_slot(session, now=moment) == slot
    checkin_record(session=session, person=registration.person, now=moment)
    stored = SlotAttendance.objects.get()
    assert (stored.slot, stored.attendance, stored.method) == (slot, "present", "qr")
    assert checked_in(session, now=moment) == [registration]
    elsewhere = at(1, 10) if slot_index != 2 else at(0, 10)  # during another slot
    assert checked_in(session, now=elsewhere) == []


def test_qr_check_in_overnight_is_refused(session) -> None:
    """Monday 20:00 is inside the session's span but far from any slot: refused."""
    registration = RegistrationFactory(session=session)
    with pytest.raises(AttendanceRefused, match="avant chaque créneau"):
        checkin_record(session=session, person=registration.person, now=at(0, 20))
    assert not SlotAttendance.objects.exists()


def test_the_afternoon_list_starts_empty(session) -> None:
    """Checked in in the morning: on the morning's list, not yet on the afternoon's."""
    registration = RegistrationFactory(session=session)
    checkin_record(session=session, person=registration.person, now=at(0, 9, 5))
    assert checked_in(session, now=at(0, 10)) == [registration]
    assert checked_in(session, now=at(0, 14, 30)) == []
    checkin_record(session=session, person=registration.person, now=at(0, 14, 2))
    assert checked_in(session, now=at(0, 14, 30)) == [registration]
    (statement,) = attended(registration)
    assert statement.data["result"]["duration"] == "PT360M"


@time_machine.travel(at(0, 10, 30), tick=False)
def test_roll_call_page_asks_for_each_slot_and_records_them(client, session, trainer) -> None:
    """The page shows one choice per person and slot; the marks posted are recorded."""
    registration = RegistrationFactory(session=session)
    morning, afternoon, *_ = slots_of(session)
    client.force_login(trainer)
    url = reverse("workshops:roll_call", args=[session.pk])
    page = client.get(url).content.decode()
    assert "plusieurs créneaux" in page
    assert "lun 2 mars, 09:00–12:00" in page
    assert "mar 3 mars, 14:00–17:00" in page
    assert page.count(f'name="attendance_{registration.pk}_') == 4 * 3  # 4 slots × 3 choices
    response = client.post(
        url, {f"attendance_{registration.pk}_{morning.pk}": "present"}, follow=True
    )
    assert "L’appel est enregistré." in response.content.decode()
    registration.refresh_from_db()
    assert registration.attendance == Attendance.PRESENT
    assert dict(SlotAttendance.objects.values_list("slot_id", "attendance")) == {
        morning.pk: "present"
    }
    # The saved mark is shown checked when the page opens again.
    page = client.get(url).content.decode()
    name = f"attendance_{registration.pk}_{morning.pk}"
    checked = re.search(rf'<input type="radio" name="{name}" value="present"[^>]*>', page)
    assert checked is not None
    assert "checked" in checked.group(0)
    assert afternoon.pk not in SlotAttendance.objects.values_list("slot_id", flat=True)


@time_machine.travel(at(0, 10, 30), tick=False)
def test_roll_call_page_refuses_a_later_day_and_keeps_what_was_saved(
    client, session, trainer
) -> None:
    """Tuesday marked on Monday: the reason is shown, Monday's saved mark stays as it was."""
    registration = RegistrationFactory(session=session)
    morning, *_, tuesday = slots_of(session)
    slot_attendance_mark(
        registration=registration, marks={morning.pk: "absent"}, recorded_by=trainer
    )
    client.force_login(trainer)
    response = client.post(
        reverse("workshops:roll_call", args=[session.pk]),
        {
            f"attendance_{registration.pk}_{morning.pk}": "present",
            f"attendance_{registration.pk}_{tuesday.pk}": "present",
        },
    )
    assert "à partir du jour de ce créneau" in response.content.decode()
    assert dict(SlotAttendance.objects.values_list("slot_id", "attendance")) == {
        morning.pk: "absent"
    }
    assert attended(registration) == []


@time_machine.travel(at(0, 14, 10), tick=False)
def test_check_in_screen_names_the_slot_going_on(client, session, trainer) -> None:
    """The trainer's screen and its live data say which slot check-ins go to."""
    client.force_login(trainer)
    page = client.get(reverse("workshops:checkin_screen", args=[session.pk])).content.decode()
    assert "lun 2 mars, 14:00–17:00" in page
    data = client.get(reverse("workshops:checkin_people", args=[session.pk])).json()
    assert data["slot"] == "lun 2 mars, 14:00–17:00"
    assert data["count"] == 0


def test_a_slot_roll_call_on_a_stale_registration_records_one_attended(session, trainer) -> None:
    """A double submit of the same slot marks, the second read before the first saved: no error."""
    registration = RegistrationFactory(session=session)
    stale = Registration.objects.get(pk=registration.pk)
    morning = slots_of(session)[0]
    mark(registration, trainer, {morning.pk: "present"}, at(0, 10))
    mark(stale, trainer, {morning.pk: "present"}, at(0, 10))
    (statement,) = attended(registration)
    registration.refresh_from_db()
    assert statement.statement_id == registration.attended_statement_id
    assert SlotAttendance.objects.filter(registration=registration).count() == 1


def test_a_cycle_certificate_counts_only_the_slots_attended(session, trainer) -> None:
    """Present at one half-day of four: the cycle certificate states three hours, not twelve."""
    cycle = Cycle.objects.create(title="Cycle deux jours")
    cycle.sessions.set([session])
    cycle.save()
    registration = RegistrationFactory(session=session)
    with time_machine.travel(at(1, 18), tick=False):
        mark(registration, trainer, {slots_of(session)[0].pk: "present"}, at(1, 18))
    certificate = Certificate.objects.get(user=registration.person)
    assert certificate.snapshot["achievement"]["duration_minutes"] == 180


def test_a_time_slot_reads_in_local_time(session) -> None:
    """A slot prints its Paris times (09:00 → 12:00), not UTC."""
    assert str(slots_of(session)[0]) == "2026-03-02 09:00 → 12:00"
