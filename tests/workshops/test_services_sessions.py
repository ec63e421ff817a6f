"""Cancelling and closing a session: only while it can still be cancelled or once it started."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.workshops.factories import (
    RegistrationFactory,
    SessionFactory,
    WorkshopFactory,
    session_now,
)
from workshops.models import Registration, Session
from workshops.services import (
    SessionChangeRefused,
    attendance_mark,
    session_cancel,
    session_complete,
)

pytestmark = pytest.mark.django_db


def session_at(trainer, start, hours: int = 3) -> Session:
    """A session of the trainer starting at `start`."""
    return SessionFactory(
        workshop=WorkshopFactory(trainers=[trainer]),
        slots=[(start, start + timedelta(hours=hours))],
    )


def test_an_upcoming_session_can_be_cancelled(trainer) -> None:
    """A session still to come is cancelled."""
    session = session_at(trainer, timezone.now() + timedelta(days=2))
    session_cancel(session=session, reason="Salle indisponible.", cancelled_by=trainer)
    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED


def test_a_session_that_has_ended_cannot_be_cancelled(trainer) -> None:
    """Once its last slot is over, cancelling is refused in French and nothing changes."""
    session = session_at(trainer, timezone.now() - timedelta(days=1))
    with pytest.raises(SessionChangeRefused) as refusal:
        session_cancel(session=session, reason="Trop tard.", cancelled_by=trainer)
    assert refusal.value.reason == "Cette séance est terminée : elle ne peut plus être annulée."
    session.refresh_from_db()
    assert session.status == Session.Status.PLANNED


def test_a_session_with_attendance_cannot_be_cancelled(trainer) -> None:
    """Once someone is marked at a session going on, cancelling it is refused."""
    session = session_now(workshop=WorkshopFactory(trainers=[trainer]))
    registration = RegistrationFactory(session=session)
    attendance_mark(
        registration=registration, attendance=Registration.Attendance.PRESENT, recorded_by=trainer
    )
    with pytest.raises(SessionChangeRefused) as refusal:
        session_cancel(session=session, reason="Alerte incendie.", cancelled_by=trainer)
    assert "Des présences ont été saisies" in refusal.value.reason
    session.refresh_from_db()
    assert session.status == Session.Status.PLANNED


def test_a_session_not_started_cannot_be_completed(trainer) -> None:
    """Closing a session before it starts is refused in French."""
    session = session_at(trainer, timezone.now() + timedelta(days=2))
    with pytest.raises(SessionChangeRefused) as refusal:
        session_complete(session=session, completed_by=trainer)
    assert refusal.value.reason.startswith("Cette séance n’a pas encore commencé")
    session.refresh_from_db()
    assert session.status == Session.Status.PLANNED


def test_a_session_started_can_be_completed(trainer) -> None:
    """A session going on or over is marked completed."""
    session = session_at(trainer, timezone.now() - timedelta(hours=1))
    session_complete(session=session, completed_by=trainer)
    session.refresh_from_db()
    assert session.status == Session.Status.COMPLETED


def test_completing_too_early_by_the_page_shows_the_reason(client, trainer) -> None:
    """The roll call's close button on a future session answers with the message, no 500."""
    session = session_at(trainer, timezone.now() + timedelta(days=2))
    client.force_login(trainer)
    response = client.post(reverse("workshops:complete_session", args=[session.pk]), follow=True)
    assert response.status_code == 200
    assert "pas encore commencé" in response.content.decode()
