"""iCalendar (RFC 5545) for sessions: one event per time slot, built with `icalendar`.

A session of one time slot is one VEVENT; a session spread over several slots gives one
VEVENT per slot, because calendar clients show each as a block of its own. Times are
written in UTC (no VTIMEZONE needed). A cancelled session keeps its events with
STATUS:CANCELLED and a higher SEQUENCE, so that calendars drop them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from workshops.models import Session

PRODID = "-//BNM Formation//Ateliers//FR"


def _host() -> str:
    """The domain used in event UIDs."""
    return urlsplit(settings.SITE_URL).hostname or "bnm-formation.invalid"


def session_url(session: Session) -> str:
    """The absolute URL of a session's page."""
    return settings.SITE_URL + reverse("workshops:session", args=[session.pk])


def session_location(session: Session) -> str:
    """Where the session takes place, on one line."""
    parts = [session.library.name]
    if session.room:
        parts.append(session.room)
    parts.append(session.library.commune.name)
    return ", ".join(parts)


def session_events(session: Session, *, stamp: datetime | None = None) -> list[icalendar.Event]:
    """The VEVENTs of a session, one per time slot."""
    stamp = stamp or timezone.now()
    cancelled = session.status == Session.Status.CANCELLED
    description = session.workshop.description.strip()
    url = session_url(session)
    events = []
    for slot in session.slots.all():
        event = icalendar.Event()
        event.add("uid", f"workshop-session-{session.pk}-{slot.pk}@{_host()}")
        event.add("dtstamp", stamp.astimezone(UTC))
        event.add("dtstart", slot.starts_at.astimezone(UTC))
        event.add("dtend", slot.ends_at.astimezone(UTC))
        event.add("summary", session.workshop.title)
        event.add("location", session_location(session))
        event.add("description", f"{description}\n\n{url}".strip())
        event.add("url", url)
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        event.add("sequence", session.revision)
        event.add("transp", "OPAQUE")
        events.append(event)
    return events


def calendar_of(sessions: Iterable[Session], *, name: str = "") -> bytes:
    """A VCALENDAR holding the events of the given sessions."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("name", name)
    calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    stamp = timezone.now()
    for session in sessions:
        for event in session_events(session, stamp=stamp):
            calendar.add_component(event)
    return calendar.to_ical()


def session_ics(session: Session) -> str:
    """The .ics text of one session (e-mail attachment, download)."""
    return calendar_of([session], name=session.workshop.title).decode("utf-8")
