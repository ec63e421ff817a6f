"""Registration to staff sessions: capacity under a row lock, waitlist, cancellation.

Every change to who holds a place starts by locking the session row
(`select_for_update`), so concurrent registrations and cancellations of one session are
serialised: the count of confirmed places read under the lock is the truth, and capacity
is never exceeded. (SQLite ignores the clause, but it serialises writers itself.)
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workshops.formatting import when_text
from workshops.models import Registration, Session
from workshops.permissions import can_manage_registration, can_register_person
from workshops.services.notifications import registration_notify

Status = Registration.Status


class RegistrationRefused(Exception):
    """A registration or cancellation that cannot be done; `reason` explains it to people."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def registration_refusal(session: Session, *, now: datetime | None = None) -> str | None:
    """Why nobody can register to this session now, or None when registration is open."""
    now = now or timezone.now()
    if session.status == Session.Status.CANCELLED:
        return _("This session has been cancelled: registration is closed.")
    if session.status == Session.Status.COMPLETED:
        return _("This session has already taken place.")
    if session.is_public:
        return _(
            "This workshop is open to the public without online registration: "
            "ask the library for details."
        )
    deadline = session.registration_deadline()
    if deadline is None:
        return _("This session has no schedule yet: registration is not open.")
    if session.registration_opens_at and now < session.registration_opens_at:
        return _("Registration opens on %(when)s.") % {
            "when": when_text(session.registration_opens_at)
        }
    if now >= deadline:
        return _("Registration closed on %(when)s.") % {"when": when_text(deadline)}
    return None


def _lock(session: Session) -> Session:
    """The session row, locked until the end of the transaction."""
    return (
        Session.objects.select_for_update()
        .select_related("workshop", "library__commune")
        .get(pk=session.pk)
    )


def _confirmed_count(session: Session) -> int:
    """How many places are taken."""
    return Registration.objects.filter(session=session, status=Status.CONFIRMED).count()


@transaction.atomic
def registration_create(
    *,
    session: Session,
    person: AbstractBaseUser,
    registered_by: AbstractBaseUser | None = None,
    now: datetime | None = None,
) -> Registration:
    """Give a person a place, or a waitlist spot when full; registering twice changes nothing."""
    now = now or timezone.now()
    registered_by = registered_by or person
    if not can_register_person(registered_by, person):
        raise RegistrationRefused(_("You may only register people of your library or commune."))
    locked = _lock(session)
    existing = Registration.objects.filter(session=locked, person=person).first()
    if existing is not None and existing.is_active:
        return existing
    refusal = registration_refusal(locked, now=now)
    if refusal:
        raise RegistrationRefused(refusal)
    has_room = _confirmed_count(locked) < locked.capacity
    registration = existing or Registration(session=locked, person=person)
    registration.status = Status.CONFIRMED if has_room else Status.WAITLISTED
    registration.registered_by = registered_by
    registration.queued_at = now
    registration.confirmed_at = now if has_room else None
    registration.cancelled_at = None
    registration.reminder_sent_at = None
    registration.full_clean(exclude=["session", "person"], validate_unique=False)
    registration.save()
    registration_notify(registration=registration, kind="confirmed" if has_room else "waitlisted")
    return registration


@transaction.atomic
def registration_cancel(
    *,
    registration: Registration,
    cancelled_by: AbstractBaseUser,
    now: datetime | None = None,
) -> Registration:
    """Cancel a place before the deadline and promote the first waitlisted person."""
    now = now or timezone.now()
    if not can_manage_registration(cancelled_by, registration):
        raise RegistrationRefused(_("You may not cancel this registration."))
    locked = _lock(registration.session)
    registration.refresh_from_db()
    if not registration.is_active:
        return registration
    deadline = locked.cancellation_deadline()
    if locked.status != Session.Status.PLANNED:
        raise RegistrationRefused(_("This session is no longer planned: nothing to cancel."))
    if deadline is not None and now >= deadline:
        raise RegistrationRefused(
            _("Cancelling was possible until %(when)s: please tell the trainer directly.")
            % {"when": when_text(deadline)}
        )
    was_confirmed = registration.status == Status.CONFIRMED
    registration.status = Status.CANCELLED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at"])
    if was_confirmed:
        _promote(locked, now=now)
    return registration


def _promote(session: Session, *, now: datetime) -> list[Registration]:
    """Under the session lock: give free places to the waitlist, first come first served."""
    free = session.capacity - _confirmed_count(session)
    if free <= 0:
        return []
    promoted = list(
        Registration.objects.filter(session=session, status=Status.WAITLISTED).order_by(
            "queued_at", "pk"
        )[:free]
    )
    for registration in promoted:
        registration.status = Status.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at"])
        registration_notify(registration=registration, kind="promoted")
    return promoted


@transaction.atomic
def waitlist_promote(*, session: Session, now: datetime | None = None) -> list[Registration]:
    """Fill free places (e.g. after the capacity grew) from the waitlist, in order."""
    locked = _lock(session)
    if locked.status != Session.Status.PLANNED:
        return []
    return _promote(locked, now=now or timezone.now())
