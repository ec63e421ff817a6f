"""Attendance: roll call, QR self check-in, competences validated in person, cycles.

Attendance at a staff session is recorded as an xAPI `attended` statement about the
workshop's activity (provenance: in person), which the skills listener turns into
evidence for the competences the workshop is aligned with. Un-marking a presence voids
that statement. A trainer's validation of an observed competence is a statement too.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.services import certificate_issue
from lrs.builders import activity, platform_statement
from lrs.services import statement_record
from lrs.vocabulary import ActivityType, Extension, Verb
from skills.models import Competence
from skills.selectors import competence_iri, competences_snapshot
from workshops.formatting import day_text
from workshops.models import CompetenceValidation, Cycle, Registration, Session
from workshops.permissions import can_train
from workshops.selectors import trainers_of

Attendance = Registration.Attendance
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
    registration: Registration, *, recorded_by: AbstractBaseUser | None, now: datetime
) -> uuid.UUID:
    """Record `attended` for a registration; return the statement id."""
    session = registration.session
    workshop = session.workshop
    statement_id = uuid.uuid4()
    minutes = session.duration_minutes() or workshop.duration_minutes
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
            timestamp=min(now, session.ends_at) if session.ends_at else now,
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
    now = now or timezone.now()
    if attendance not in Attendance.values:
        raise AttendanceRefused(_("Unknown attendance status."))
    session = registration.session
    _check_markable(session, now=now)
    if attendance == registration.attendance:
        return registration
    if attendance == Attendance.PRESENT and registration.status != Registration.Status.CONFIRMED:
        # Waitlisted or cancelled, but here after all: they hold a place now.
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at = now
        registration.cancelled_at = None
    registration.attendance = attendance
    registration.attendance_method = method
    registration.attendance_recorded_at = now
    registration.attendance_recorded_by = recorded_by
    if attendance == Attendance.PRESENT and registration.attended_statement_id is None:
        registration.attended_statement_id = _attended_statement_record(
            registration, recorded_by=recorded_by, now=now
        )
    elif attendance != Attendance.PRESENT and registration.attended_statement_id is not None:
        _statement_void(registration.attended_statement_id, by=recorded_by)
        registration.attended_statement_id = None
    registration.save()
    if attendance == Attendance.PRESENT:
        cycle_certificates_issue(person=registration.person, session=session)
    return registration


@transaction.atomic
def roll_call_record(
    *,
    session: Session,
    marks: Mapping[int, str],
    recorded_by: AbstractBaseUser,
    now: datetime | None = None,
) -> list[Registration]:
    """Record the roll call of a session: registration id → present, absent or excused."""
    if not can_train(recorded_by, session):
        raise AttendanceRefused(_("Only the session’s trainers may take the roll call."))
    registrations = {
        registration.pk: registration
        for registration in Registration.objects.filter(
            session=session, pk__in=list(marks)
        ).select_related("person", "session__workshop")
    }
    changed = []
    for registration_id, attendance in marks.items():
        registration = registrations.get(registration_id)
        if registration is None:
            raise AttendanceRefused(_("This person is not registered to this session."))
        if attendance == Attendance.UNMARKED and registration.attendance == Attendance.UNMARKED:
            continue
        changed.append(
            attendance_mark(
                registration=registration, attendance=attendance, recorded_by=recorded_by, now=now
            )
        )
    return changed


@transaction.atomic
def checkin_record(
    *, session: Session, person: AbstractBaseUser, now: datetime | None = None
) -> Registration:
    """Check a person in by the QR code: only themselves, on the day, registered or walk-in."""
    now = now or timezone.now()
    locked = Session.objects.select_for_update().select_related("workshop").get(pk=session.pk)
    _check_markable(locked, now=now)
    if locked.starts_at is None or not (
        locked.starts_at - CHECKIN_MARGIN <= now <= locked.ends_at + CHECKIN_MARGIN
    ):
        raise AttendanceRefused(
            _("Check-in is open from an hour before the session until an hour after it.")
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
    return attendance_mark(
        registration=registration,
        attendance=Attendance.PRESENT,
        recorded_by=person,
        method=Registration.Method.QR,
        now=now,
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


def cycle_certificates_issue(*, person: AbstractBaseUser, session: Session) -> list[Any]:
    """Issue the certificate of every cycle of this session the person has now completed."""
    issued = []
    for cycle in Cycle.objects.filter(sessions=session, is_active=True).prefetch_related(
        "sessions"
    ):
        cycle_sessions = list(cycle.sessions.all())
        attended = list(
            Registration.objects.filter(
                person=person, session__in=cycle_sessions, attendance=Attendance.PRESENT
            )
            .select_related("session__workshop")
            .prefetch_related("session__slots")
        )
        required = cycle.required_sessions or len(cycle_sessions)
        if not attended or len(attended) < required:
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
                duration_minutes=sum(r.session.duration_minutes() for r in attended) or None,
                competences=_snapshot_merge(
                    [competences_snapshot(workshop.activity_iri) for workshop in workshops]
                ),
            )
        )
    return issued
