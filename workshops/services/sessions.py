"""Writes on the offer and on sessions: alignments, scheduling, cancelling, closing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Library
from skills.services import alignments_set
from workshops.models import Registration, Session, SlotAttendance, TimeSlot, Workshop
from workshops.permissions import can_train
from workshops.services.notifications import session_cancelled_notify


class SessionChangeRefused(Exception):
    """A change to a session that is not allowed; `reason` explains it to people."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@transaction.atomic
def workshop_alignments_sync(*, workshop: Workshop) -> Workshop:
    """Mirror the competences a workshop serves into skills' alignments of its activity."""
    items = [(link.competence, link.level) for link in workshop.competence_links.all()]
    alignments_set(activity_iri=workshop.activity_iri, items=items)
    return workshop


@transaction.atomic
def session_create(
    *,
    workshop: Workshop,
    library: Library,
    slots: Sequence[tuple[datetime, datetime]],
    capacity: int = 12,
    room: str = "",
    registration_opens_at: datetime | None = None,
    registration_closes_at: datetime | None = None,
    cancellation_closes_at: datetime | None = None,
) -> Session:
    """Create a planned session with its time slots."""
    if not slots:
        raise SessionChangeRefused(_("A session needs at least one time slot."))
    session = Session(
        workshop=workshop,
        library=library,
        capacity=capacity,
        room=room,
        registration_opens_at=registration_opens_at,
        registration_closes_at=registration_closes_at,
        cancellation_closes_at=cancellation_closes_at,
    )
    session.full_clean(exclude=["workshop", "library"])
    session.save()
    for starts_at, ends_at in slots:
        slot = TimeSlot(session=session, starts_at=starts_at, ends_at=ends_at)
        slot.full_clean(exclude=["session"])
        slot.save()
    session.save()  # copies the slots' bounds onto the row
    return session


def _has_attendance(session: Session) -> bool:
    """Whether anything of the session's attendance has been recorded (names or counts)."""
    return (
        session.public_counts_recorded_at is not None
        or Registration.objects.filter(session=session)
        .exclude(attendance=Registration.Attendance.UNMARKED)
        .exists()
        or SlotAttendance.objects.filter(registration__session=session).exists()
    )


@transaction.atomic
def session_cancel(
    *,
    session: Session,
    reason: str,
    cancelled_by: AbstractBaseUser,
    now: datetime | None = None,
) -> Session:
    """Cancel a planned session and tell everyone registered (with a cancelling .ics)."""
    # A session that has ended, or whose attendance is recorded, took place: cancelling
    # it would tell people it did not, and leave their presences standing.
    now = now or timezone.now()
    if not can_train(cancelled_by, session):
        raise SessionChangeRefused(_("Only the session’s trainers may cancel it."))
    locked = Session.objects.select_for_update().get(pk=session.pk)
    if locked.status == Session.Status.CANCELLED:
        return locked
    if locked.status == Session.Status.COMPLETED:
        raise SessionChangeRefused(_("This session has already taken place."))
    if locked.ends_at is not None and now >= locked.ends_at:
        raise SessionChangeRefused(_("This session has ended: it can no longer be cancelled."))
    if _has_attendance(locked):
        raise SessionChangeRefused(
            _("Attendance has been recorded for this session: it can no longer be cancelled.")
        )
    locked.status = Session.Status.CANCELLED
    locked.cancellation_reason = reason.strip()
    locked.save(update_fields=["status", "cancellation_reason", "updated_at"])
    session_cancelled_notify(session=locked)
    return locked


@transaction.atomic
def session_complete(
    *, session: Session, completed_by: AbstractBaseUser, now: datetime | None = None
) -> Session:
    """Mark a session as having taken place (after the roll call), once it has started."""
    now = now or timezone.now()
    if not can_train(completed_by, session):
        raise SessionChangeRefused(_("Only the session’s trainers may close it."))
    locked = Session.objects.select_for_update().get(pk=session.pk)
    if locked.status == Session.Status.CANCELLED:
        raise SessionChangeRefused(_("This session has been cancelled."))
    if locked.starts_at is None or now < locked.starts_at:
        raise SessionChangeRefused(
            _("This session has not started yet: it can be marked as completed once it has.")
        )
    if locked.status != Session.Status.COMPLETED:
        locked.status = Session.Status.COMPLETED
        locked.save(update_fields=["status", "updated_at"])
    return locked
