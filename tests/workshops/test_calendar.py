"""iCalendar: one event per time slot, stable UIDs, cancellation, valid RFC 5545 text."""

from datetime import timedelta

import icalendar
import pytest
from django.utils import timezone

from tests.workshops.factories import SessionFactory
from workshops.calendar import calendar_of, session_ics
from workshops.models import Session

pytestmark = pytest.mark.django_db


def events_of(text: str | bytes) -> list:
    """The VEVENTs of a calendar text, parsed back."""
    return icalendar.Calendar.from_ical(text).walk("VEVENT")


def test_a_session_is_one_event_with_its_place_and_link() -> None:
    """A one-slot session gives one event: times in UTC, location, URL to its page."""
    session = SessionFactory(room="Salle du conte")
    text = session_ics(session)
    assert "\r\nMETHOD:PUBLISH\r\n" in text
    (event,) = events_of(text)
    assert event.decoded("DTSTART") == session.starts_at
    assert event.decoded("DTEND") == session.ends_at
    assert text.count("DTSTART:") == 1
    assert "Z\r\n" in text
    location = str(event["LOCATION"])
    assert session.library.name in location
    assert "Salle du conte" in location
    assert str(event["URL"]).endswith(f"/ateliers/seances/{session.pk}/")
    assert str(event["UID"]).startswith(f"workshop-session-{session.pk}-")


def test_a_session_in_several_slots_gives_one_event_per_slot() -> None:
    """Two half-days are two events of the same session."""
    start = timezone.now().replace(microsecond=0) + timedelta(days=5)
    session = SessionFactory(
        slots=[
            (start, start + timedelta(hours=3)),
            (start + timedelta(days=1), start + timedelta(days=1, hours=3)),
        ]
    )
    events = events_of(session_ics(session))
    assert len(events) == 2
    assert len({str(e["UID"]) for e in events}) == 2
    assert session.starts_at == start
    assert session.ends_at == start + timedelta(days=1, hours=3)


def test_uids_are_stable_and_sequence_grows_on_change() -> None:
    """The same session keeps its UIDs; saving it raises SEQUENCE so calendars update."""
    session = SessionFactory()
    (before,) = events_of(session_ics(session))
    session.status = Session.Status.CANCELLED
    session.save()
    (after,) = events_of(session_ics(session))
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert str(after["STATUS"]) == "CANCELLED"


def test_a_feed_holds_every_session_and_a_name() -> None:
    """A calendar of several sessions names itself and lists them all."""
    sessions = [SessionFactory(), SessionFactory()]
    calendar = icalendar.Calendar.from_ical(calendar_of(sessions, name="Mes ateliers"))
    assert str(calendar["X-WR-CALNAME"]) == "Mes ateliers"
    assert len(calendar.walk("VEVENT")) == 2
