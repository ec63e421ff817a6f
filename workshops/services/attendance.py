"""Attendance: roll call, QR self check-in, competences validated in person, cycles.

Attendance at a staff session is recorded as an xAPI `attended` statement about the
workshop's activity (provenance: in person), which the skills listener turns into
evidence for the competences the workshop is aligned with. Un-marking a presence voids
that statement. A trainer's validation of an observed competence is a statement too.

A session of several time slots (two half-days, a day and a half…) takes attendance per
slot: the roll call has a choice per person and slot, and the QR check-in marks the slot
going on. The registration's attendance is their summary (`attendance_summary`), and the
one `attended` statement carries the time actually spent (the slots attended, as its
`result.duration`); when the slots attended change, it is voided and recorded again.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from certificates.selectors import certificates_of
from certificates.services import certificate_issue, certificate_withdraw
from lrs.builders import activity, platform_statement
from lrs.services import statement_record
from lrs.vocabulary import ActivityType, Extension, Verb
from skills.models import Competence
from skills.selectors import competence_iri, competences_snapshot
from workshops.formatting import day_text
from workshops.models import (
    CompetenceValidation,
    Cycle,
    Registration,
    Session,
    SlotAttendance,
    TimeSlot,
)
from workshops.permissions import can_train
from workshops.selectors import current_slot, trainers_of

Attendance = Registration.Attendance
ROLL_CALL, QR = Registration.Method.ROLL_CALL, Registration.Method.QR
IN_PERSON = "in_person"
# Self check-in is open from an hour before the first slot to an hour after the last.
CHECKIN_MARGIN = timedelta(hours=1)


class AttendanceRefused(Exception):
    """An attendance change that cannot be recorded; `reason` explains it to people."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _session_activity(session: Session) -> dict[str, Any]:
    """The session as a parent activity of attendance statements."""
    when = day_text(session.starts_at) if session.starts_at else ""
    return activity(
        session.activity_iri,
        activity_type=ActivityType.WORKSHOP_SESSION,
        name=f"{session.workshop.title} · {when}".strip(" ·"),
    )


def _instructor(session: Session, recorded_by: AbstractBaseUser | None) -> AbstractBaseUser | None:
    """The trainer named in statements: who recorded it if a trainer, else the first one."""
    trainers = trainers_of(session.workshop)
    if recorded_by is not None and trainers.filter(pk=recorded_by.pk).exists():
        return recorded_by
    return trainers.first()


def _attended_statement_record(
    registration: Registration,
    *,
    recorded_by: AbstractBaseUser | None,
    now: datetime,
    minutes: int,
    ended_at: datetime | None,
) -> uuid.UUID:
    """Record `attended` (for `minutes` of the session) for a registration; return its id."""
    session = registration.session
    workshop = session.workshop
    statement_id = uuid.uuid4()
    statement_record(
        platform_statement(
            user=registration.person,
            verb=Verb.ATTENDED,
            object_=activity(
                workshop.activity_iri, activity_type=ActivityType.MEETING, name=workshop.title
            ),
            result={"completion": True, "duration": f"PT{minutes}M"},
            registration=registration.uuid,
            parents=[_session_activity(session)],
            instructor=_instructor(session, recorded_by),
            extensions={Extension.PROVENANCE: IN_PERSON},
            # Attended when the session took place, even if the roll call is entered later.
            timestamp=min(now, ended_at) if ended_at else now,
            statement_id=statement_id,
        )
    )
    return statement_id


def _statement_void(statement_id: uuid.UUID, *, by: AbstractBaseUser) -> None:
    """Void a statement the platform recorded (a presence taken back)."""
    statement_record(
        platform_statement(
            user=by,
            verb=Verb.VOIDED,
            object_={"objectType": "StatementRef", "id": str(statement_id)},
        )
    )


def _check_markable(session: Session, *, now: datetime) -> None:
    """Refuse attendance on public, cancelled or future sessions."""
    if session.is_public:
        raise AttendanceRefused(_("Public workshops record counts, not names."))
    if session.status == Session.Status.CANCELLED:
        raise AttendanceRefused(_("This session has been cancelled."))
    if session.starts_at and timezone.localdate(now) < timezone.localdate(session.starts_at):
        raise AttendanceRefused(_("Attendance can be recorded from the day of the session."))


def _slot_minutes(slots: list[TimeSlot]) -> int:
    """The time the slots last, in minutes."""
    return int(sum((slot.ends_at - slot.starts_at).total_seconds() for slot in slots) // 60)


def attendance_summary(statuses: list[str]) -> str:
    """A person's attendance at a session from their attendance at each of its slots."""
    # Present at one slot at least: present. Every slot marked: excused when excused at
    # all of them, else absent. Otherwise not marked yet.
    if Attendance.PRESENT in statuses:
        return Attendance.PRESENT
    if statuses and Attendance.UNMARKED not in statuses:
        return (
            Attendance.EXCUSED
            if all(status == Attendance.EXCUSED for status in statuses)
            else Attendance.ABSENT
        )
    return Attendance.UNMARKED


def _attendance_apply(
    registration: Registration,
    attendance: str,
    *,
    recorded_by: AbstractBaseUser,
    method: str,
    now: datetime,
    minutes: int,
    ended_at: datetime | None,
    rerecord: bool = False,
) -> Registration:
    """Set a registration's attendance and keep its `attended` statement in line with it."""
    session = registration.session
    if attendance == registration.attendance and not rerecord:
        return registration
    was_present = registration.attendance == Attendance.PRESENT
    if attendance == Attendance.PRESENT and registration.status != Registration.Status.CONFIRMED:
        # Waitlisted or cancelled, but here after all: they hold a place now.
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at = now
        registration.cancelled_at = None
    registration.attendance = attendance
    registration.attendance_method = method
    registration.attendance_recorded_at = now
    registration.attendance_recorded_by = recorded_by
    if registration.attended_statement_id is not None and (
        attendance != Attendance.PRESENT or rerecord
    ):
        _statement_void(registration.attended_statement_id, by=recorded_by)
        registration.attended_statement_id = None
    if attendance == Attendance.PRESENT and registration.attended_statement_id is None:
        registration.attended_statement_id = _attended_statement_record(
            registration, recorded_by=recorded_by, now=now, minutes=minutes, ended_at=ended_at
        )
    registration.save()
    if attendance == Attendance.PRESENT:
        cycle_certificates_issue(person=registration.person, session=session)
    elif was_present:
        # A presence taken back takes back what it gave: the competences validated
        # in person at this session, and the cycle certificates no longer earned.
        _validations_void(registration, by=recorded_by)
        cycle_certificates_withdraw(person=registration.person, session=session, by=recorded_by)
    return registration


def _validations_void(registration: Registration, *, by: AbstractBaseUser) -> None:
    """Void the competences validated at a session one is no longer marked present at."""
    for validation in CompetenceValidation.objects.filter(registration=registration):
        _statement_void(validation.statement_id, by=by)
        validation.delete()


def _session_lock(session_id: int) -> Session:
    """Lock a session's row: attendance changes at one session take turns."""
    # Every attendance write locks the session first, then reads the registrations: a
    # double submit, or a QR check-in during the roll call, waits for the other to commit
    # and then sees what it recorded.
    return Session.objects.select_for_update().select_related("workshop").get(pk=session_id)


def _registration_locked(registration: Registration) -> Registration:
    """The registration re-read in place once its session's row is locked, on that session."""
    session = _session_lock(registration.session_id)
    registration.refresh_from_db()
    registration.session = session
    return registration


@transaction.atomic
def attendance_mark(
    *,
    registration: Registration,
    attendance: str,
    recorded_by: AbstractBaseUser,
    method: str = Registration.Method.ROLL_CALL,
    now: datetime | None = None,
) -> Registration:
    """Mark a person present, absent or excused; a presence records `attended`."""
    return _attendance_mark(
        _registration_locked(registration),
        attendance,
        recorded_by=recorded_by,
        method=method,
        now=now or timezone.now(),
    )


def _attendance_mark(
    registration: Registration,
    attendance: str,
    *,
    recorded_by: AbstractBaseUser,
    method: str,
    now: datetime,
) -> Registration:
    """Mark a registration read under the session's lock (see `attendance_mark`)."""
    # For a session of several slots this marks every slot whose day has come.
    if attendance not in Attendance.values:
        raise AttendanceRefused(_("Unknown attendance status."))
    session = registration.session
    _check_markable(session, now=now)
    slots = list(session.slots.all())
    if len(slots) > 1:
        today = timezone.localdate(now)
        return _slot_attendance_mark(
            registration,
            {slot.pk: attendance for slot in slots if timezone.localdate(slot.starts_at) <= today},
            recorded_by=recorded_by,
            method=method,
            now=now,
        )
    return _attendance_apply(
        registration,
        attendance,
        recorded_by=recorded_by,
        method=method,
        now=now,
        minutes=session.duration_minutes() or session.workshop.duration_minutes,
        ended_at=session.ends_at,
    )


@transaction.atomic
def slot_attendance_mark(
    *,
    registration: Registration,
    marks: Mapping[int, str],
    recorded_by: AbstractBaseUser,
    method: str = Registration.Method.ROLL_CALL,
    now: datetime | None = None,
) -> Registration:
    """Mark a person's attendance at some slots (slot id → status), then its summary."""
    return _slot_attendance_mark(
        _registration_locked(registration),
        marks,
        recorded_by=recorded_by,
        method=method,
        now=now or timezone.now(),
    )


def _slot_attendance_mark(
    registration: Registration,
    marks: Mapping[int, str],
    *,
    recorded_by: AbstractBaseUser,
    method: str,
    now: datetime,
) -> Registration:
    """Mark slots of a registration read under the session's lock (see `slot_attendance_mark`)."""
    session = registration.session
    _check_markable(session, now=now)
    slots = {slot.pk: slot for slot in session.slots.all()}
    today = timezone.localdate(now)
    for slot_id, attendance in marks.items():
        if slot_id not in slots:
            raise AttendanceRefused(_("This time slot is not part of the session."))
        if attendance not in Attendance.values:
            raise AttendanceRefused(_("Unknown attendance status."))
        if attendance != Attendance.UNMARKED and today < timezone.localdate(
            slots[slot_id].starts_at
        ):
            raise AttendanceRefused(
                _("Attendance at a time slot can be recorded from the day of that slot.")
            )
    stored = {
        mark.slot_id: mark
        for mark in SlotAttendance.objects.select_for_update().filter(registration=registration)
    }
    was_present = {slot_id for slot_id, m in stored.items() if m.attendance == Attendance.PRESENT}
    for slot_id, attendance in marks.items():
        mark = stored.get(slot_id)
        if attendance == Attendance.UNMARKED:
            if mark is not None:
                mark.delete()
                del stored[slot_id]
        elif mark is None or mark.attendance != attendance:
            # Read under the lock, so a row missing here is missing; update_or_create
            # still keeps a mark made outside these services from raising.
            stored[slot_id], _created = SlotAttendance.objects.update_or_create(
                registration=registration,
                slot=slots[slot_id],
                defaults={
                    "attendance": attendance,
                    "method": method,
                    "recorded_at": now,
                    "recorded_by": recorded_by,
                },
            )
    present = [
        slot
        for slot_id, slot in slots.items()
        if slot_id in stored and stored[slot_id].attendance == Attendance.PRESENT
    ]
    summary = attendance_summary(
        [
            stored[slot_id].attendance if slot_id in stored else Attendance.UNMARKED
            for slot_id in slots
        ]
    )
    return _attendance_apply(
        registration,
        summary,
        recorded_by=recorded_by,
        method=method,
        now=now,
        minutes=_slot_minutes(present),
        ended_at=max((slot.ends_at for slot in present), default=None),
        rerecord=summary == Attendance.PRESENT and {slot.pk for slot in present} != was_present,
    )


@transaction.atomic
def roll_call_record(
    *,
    session: Session,
    marks: Mapping[int, str] | None = None,
    slot_marks: Mapping[int, Mapping[int, str]] | None = None,
    recorded_by: AbstractBaseUser,
    now: datetime | None = None,
) -> list[Registration]:
    """Record a roll call: registration id → status, or → {slot id → status} per slot."""
    if not can_train(recorded_by, session):
        raise AttendanceRefused(_("Only the session’s trainers may take the roll call."))
    now = now or timezone.now()
    locked = _session_lock(session.pk)
    marks, slot_marks = marks or {}, slot_marks or {}
    registrations = {
        registration.pk: registration
        for registration in Registration.objects.filter(
            session=locked, pk__in=[*marks, *slot_marks]
        ).select_related("person")
    }
    if any(pk not in registrations for pk in [*marks, *slot_marks]):
        raise AttendanceRefused(_("This person is not registered to this session."))
    for registration in registrations.values():
        registration.session = locked
    changed = []
    for registration_id, attendance in marks.items():
        registration = registrations[registration_id]
        if attendance == Attendance.UNMARKED and registration.attendance == Attendance.UNMARKED:
            continue
        changed.append(
            _attendance_mark(
                registration, attendance, recorded_by=recorded_by, method=ROLL_CALL, now=now
            )
        )
    for registration_id, by_slot in slot_marks.items():
        changed.append(
            _slot_attendance_mark(
                registrations[registration_id],
                by_slot,
                recorded_by=recorded_by,
                method=ROLL_CALL,
                now=now,
            )
        )
    return changed


@transaction.atomic
def checkin_record(
    *, session: Session, person: AbstractBaseUser, now: datetime | None = None
) -> Registration:
    """Check a person in by the QR code: only themselves, on the day, registered or walk-in."""
    # In a session of several slots, the check-in marks the slot going on (or the nearest
    # one, within the hour).
    now = now or timezone.now()
    locked = _session_lock(session.pk)
    _check_markable(locked, now=now)
    if locked.starts_at is None or not (
        locked.starts_at - CHECKIN_MARGIN <= now <= locked.ends_at + CHECKIN_MARGIN
    ):
        raise AttendanceRefused(
            _("Check-in is open from an hour before the session until an hour after it.")
        )
    slot = current_slot(locked, now=now)
    if slot is not None and not (
        slot.starts_at - CHECKIN_MARGIN <= now <= slot.ends_at + CHECKIN_MARGIN
    ):
        raise AttendanceRefused(
            _("Check-in is open from an hour before each time slot until an hour after it.")
        )
    registration = Registration.objects.filter(session=locked, person=person).first()
    if registration is None:
        registration = Registration.objects.create(
            session=locked,
            person=person,
            registered_by=person,
            status=Registration.Status.CONFIRMED,
            is_walk_in=True,
            queued_at=now,
            confirmed_at=now,
        )
    registration.session = locked
    if slot is not None:
        return _slot_attendance_mark(
            registration, {slot.pk: Attendance.PRESENT}, recorded_by=person, method=QR, now=now
        )
    return _attendance_mark(
        registration, Attendance.PRESENT, recorded_by=person, method=QR, now=now
    )


@transaction.atomic
def competence_validate(
    *,
    registration: Registration,
    competence: Competence,
    level: int,
    validated_by: AbstractBaseUser,
    now: datetime | None = None,
) -> CompetenceValidation:
    """A trainer validates a competence observed in person: a statement, then evidence."""
    now = now or timezone.now()
    session = registration.session
    if not can_train(validated_by, session):
        raise AttendanceRefused(_("Only the session’s trainers may validate a competence."))
    if registration.attendance != Attendance.PRESENT:
        raise AttendanceRefused(_("Only people marked present can have a competence validated."))
    if not session.workshop.competence_links.filter(competence=competence).exists():
        raise AttendanceRefused(_("This competence is not one this workshop serves."))
    if not 1 <= level <= 8:
        raise AttendanceRefused(_("The level must be between 1 and 8."))
    previous = (
        CompetenceValidation.objects.select_for_update()
        .filter(registration=registration, competence=competence)
        .first()
    )
    if previous is not None:
        # A validation given again replaces the earlier one, at a lower level too: its
        # statement is voided, so the skill record no longer counts it.
        _statement_void(previous.statement_id, by=validated_by)
    statement_id = uuid.uuid4()
    statement_record(
        platform_statement(
            user=registration.person,
            verb=Verb.VALIDATED,
            object_=activity(
                competence_iri(competence),
                activity_type=ActivityType.COMPETENCY,
                name=f"{competence.code} {competence.title}",
            ),
            result={"success": True, "extensions": {Extension.LEVEL: level}},
            registration=registration.uuid,
            parents=[_session_activity(session)],
            instructor=validated_by,
            extensions={Extension.PROVENANCE: IN_PERSON},
            timestamp=now,
            statement_id=statement_id,
        )
    )
    validation, _created = CompetenceValidation.objects.update_or_create(
        registration=registration,
        competence=competence,
        defaults={
            "level": level,
            "validated_by": validated_by,
            "validated_at": now,
            "statement_id": statement_id,
        },
    )
    return validation


def _snapshot_merge(snapshots: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Competences of several workshops, once each, at the highest level."""
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for snapshot in snapshots:
        for item in snapshot:
            key = (str(item.get("framework")), str(item.get("code")))
            if key not in merged or (item.get("level") or 0) > (merged[key].get("level") or 0):
                merged[key] = item
    return sorted(merged.values(), key=lambda item: (item["framework"], item["code"]))


def _cycle_attended(person: AbstractBaseUser, cycle: Cycle) -> list[Registration]:
    """The person's presences at a cycle's sessions if they complete it, else nothing."""
    cycle_sessions = list(cycle.sessions.all())
    attended = list(
        Registration.objects.filter(
            person=person, session__in=cycle_sessions, attendance=Attendance.PRESENT
        )
        .select_related("session__workshop")
        .prefetch_related("session__slots", "slot_marks")
    )
    required = cycle.required_sessions or len(cycle_sessions)
    return attended if attended and len(attended) >= required else []


def _minutes_attended(registration: Registration) -> int:
    """The time a person present spent at a session: the slots they attended, or all of it."""
    slots = list(registration.session.slots.all())
    if len(slots) <= 1:
        return registration.session.duration_minutes()
    present = {
        mark.slot_id
        for mark in registration.slot_marks.all()
        if mark.attendance == Attendance.PRESENT
    }
    return _slot_minutes([slot for slot in slots if slot.pk in present])


def attendance_corrected_reason() -> str:
    """The reason given when a corrected attendance withdraws a cycle certificate."""
    # Always in the site's language, so that the certificate withdrawn for this reason
    # can be recognised, and issued again if the attendance is corrected back.
    with translation.override(settings.LANGUAGE_CODE):
        return _("Attendance corrected: the cycle is no longer completed.")


def cycle_certificates_issue(*, person: AbstractBaseUser, session: Session) -> list[Any]:
    """Issue the certificate of every cycle of this session the person has now completed."""
    issued = []
    for cycle in Cycle.objects.filter(sessions=session, is_active=True).prefetch_related(
        "sessions"
    ):
        attended = _cycle_attended(person, cycle)
        if not attended:
            continue
        last = max(
            (registration.session for registration in attended),
            key=lambda one: one.ends_at or one.created_at,
        )
        workshops = {registration.session.workshop for registration in attended}
        moment = timezone.now()
        issued.append(
            certificate_issue(
                user=person,
                achievement_key=cycle.achievement_key,
                kind="workshop_cycle",
                title=cycle.title,
                # The day the last session ended, or today when it has not ended yet (a
                # session marked before its end, late in the evening, may end tomorrow).
                completed_on=timezone.localdate(min(last.ends_at or moment, moment)),
                duration_minutes=sum(_minutes_attended(r) for r in attended) or None,
                competences=_snapshot_merge(
                    [competences_snapshot(workshop.activity_iri) for workshop in workshops]
                ),
                reissue_when_revoked_for=attendance_corrected_reason(),
            )
        )
    return issued


def cycle_certificates_withdraw(
    *, person: AbstractBaseUser, session: Session, by: AbstractBaseUser
) -> list[Any]:
    """Revoke the certificates of the cycles of this session the person no longer completes."""
    withdrawn = []
    for cycle in Cycle.objects.filter(sessions=session).prefetch_related("sessions"):
        if _cycle_attended(person, cycle):
            continue
        for certificate in certificates_of(person).filter(
            achievement_key=cycle.achievement_key, revoked_at__isnull=True
        ):
            withdrawn.append(
                certificate_withdraw(
                    certificate=certificate, by=by, reason=attendance_corrected_reason()
                )
            )
    return withdrawn
