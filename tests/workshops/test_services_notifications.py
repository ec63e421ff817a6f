"""Notifications: French e-mails, plain text with an HTML alternative and a valid .ics."""

from datetime import datetime, timedelta

import icalendar
import pytest
import time_machine
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.workshops.factories import SessionFactory, WorkshopFactory, trainer_make
from workshops.models import Registration, TrainerDigest
from workshops.services import (
    registration_cancel,
    registration_create,
    session_cancel,
    session_reminders_send,
    trainer_digests_send,
)
from workshops.tasks import session_reminders_send_task, trainer_digests_send_task

pytestmark = pytest.mark.django_db


def parsed_ics(message) -> icalendar.Calendar:
    """The .ics attachment of a message, parsed back with icalendar (RFC 5545)."""
    attachments = [a for a in message.attachments if a[0].endswith(".ics")]
    assert len(attachments) == 1, message.attachments
    _filename, content, mimetype = attachments[0]
    assert mimetype == "text/calendar"
    text = content.decode() if isinstance(content, bytes) else content
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    calendar = icalendar.Calendar.from_ical(text)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    for event in calendar.walk("VEVENT"):
        for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            assert required in event
    return calendar


def html_of(message) -> str:
    """The HTML alternative of a message."""
    htmls = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    assert len(htmls) == 1
    return htmls[0]


def test_confirmation_is_french_with_html_and_ics(
    mailoutbox, django_capture_on_commit_callbacks
) -> None:
    """Registering sends a French confirmation with an HTML alternative and the session's event."""
    session = SessionFactory(workshop=WorkshopFactory(title="Découvrir la presse en ligne"))
    person = UserFactory(first_name="Julien", last_name="Agent")
    with django_capture_on_commit_callbacks(execute=True):
        registration_create(session=session, person=person)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [person.email]
    assert message.subject.startswith("Inscription confirmée : Découvrir la presse en ligne")
    assert "Bonjour Julien Agent" in message.body
    assert "est confirmée" in message.body
    assert "est confirmée" in html_of(message)
    calendar = parsed_ics(message)
    event = calendar.walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Découvrir la presse en ligne"
    assert event.decoded("DTSTART") == session.starts_at
    assert event.decoded("DTEND") == session.ends_at
    assert session.library.name in str(event["LOCATION"])
    assert str(event["STATUS"]) == "CONFIRMED"


def test_waitlisted_then_promoted_are_told(mailoutbox, django_capture_on_commit_callbacks) -> None:
    """Full: the person joins the waiting list; a cancellation promotes and tells them."""
    session = SessionFactory(capacity=1)
    holder, waiting = UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = registration_create(session=session, person=holder)
        registration_create(session=session, person=waiting)
    assert mailoutbox[1].to == [waiting.email]
    assert mailoutbox[1].subject.startswith("Liste d’attente")
    parsed_ics(mailoutbox[1])
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=first, cancelled_by=holder)
    assert [m.to for m in mailoutbox] == [[waiting.email]]
    assert mailoutbox[0].subject.startswith("Une place s’est libérée")
    assert "Elle est pour vous" in mailoutbox[0].body
    parsed_ics(mailoutbox[0])


def test_reminder_goes_the_day_before_once(mailoutbox, django_capture_on_commit_callbacks) -> None:
    """The beat task reminds confirmed people of tomorrow's sessions, once each."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(tomorrow, datetime.min.time())) + timedelta(
        hours=14
    )
    session = SessionFactory(slots=[(start, start + timedelta(hours=2))], capacity=1)
    later = SessionFactory(slots=[(start + timedelta(days=3), start + timedelta(days=3, hours=2))])
    confirmed, waiting, other = UserFactory(), UserFactory(), UserFactory()
    for person, target in ((confirmed, session), (waiting, session), (other, later)):
        Registration.objects.create(
            session=target,
            person=person,
            status="confirmed" if person != waiting else "waitlisted",
            queued_at=timezone.now(),
        )
    with django_capture_on_commit_callbacks(execute=True):
        assert session_reminders_send_task.delay().get() == 1
    assert [m.to for m in mailoutbox] == [[confirmed.email]]
    assert mailoutbox[0].subject == f"Rappel : {session.workshop.title} demain"
    assert "a lieu demain" in mailoutbox[0].body
    parsed_ics(mailoutbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        assert session_reminders_send() == 0
    assert len(mailoutbox) == 1


def test_cancelled_session_tells_everyone_with_a_cancelling_event(
    mailoutbox, django_capture_on_commit_callbacks
) -> None:
    """Cancelling a session e-mails everyone registered; the event says STATUS:CANCELLED."""
    trainer = trainer_make()
    session = SessionFactory(capacity=1, workshop=WorkshopFactory(trainers=[trainer]))
    people = [UserFactory(), UserFactory()]
    for person in people:
        registration_create(session=session, person=person)
    revision_before = session.revision
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(session=session, reason="Formatrice malade.", cancelled_by=trainer)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in people)
    message = mailoutbox[0]
    assert message.subject.startswith("Séance annulée")
    assert "Formatrice malade." in message.body
    event = parsed_ics(message).walk("VEVENT")[0]
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) > revision_before


def test_trainers_get_a_digest_of_their_coming_sessions(
    mailoutbox, django_capture_on_commit_callbacks
) -> None:
    """Each trainer gets one digest listing their sessions of the next two weeks, with an .ics."""
    trainer, other_trainer = trainer_make(), trainer_make()
    workshop = WorkshopFactory(title="Accompagner un usager sur liseuse", trainers=[trainer])
    soon = SessionFactory(workshop=workshop, capacity=8)
    SessionFactory(workshop=workshop)
    start = timezone.now() + timedelta(days=40)
    SessionFactory(workshop=workshop, slots=[(start, start + timedelta(hours=2))])
    SessionFactory(workshop=WorkshopFactory(trainers=[other_trainer]))
    Registration.objects.create(
        session=soon, person=UserFactory(), status="confirmed", queued_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert trainer_digests_send_task.delay().get() == 2
    mine = next(m for m in mailoutbox if m.to == [trainer.email])
    assert mine.subject == "Vos prochaines séances d’atelier"
    assert mine.body.count("Accompagner un usager sur liseuse") == 2
    assert "places prises : 1/8" in mine.body
    assert "Accompagner un usager sur liseuse" in html_of(mine)
    assert len(parsed_ics(mine).walk("VEVENT")) == 2


def test_reminder_timing_follows_the_local_day(
    mailoutbox, django_capture_on_commit_callbacks
) -> None:
    """At 23:30 the day before, a session at 00:30 local time the next day is reminded."""
    with time_machine.travel(datetime(2026, 3, 9, 23, 30, tzinfo=timezone.get_current_timezone())):
        start = timezone.now() + timedelta(hours=1)
        session = SessionFactory(slots=[(start, start + timedelta(hours=1))])
        Registration.objects.create(
            session=session, person=UserFactory(), status="confirmed", queued_at=timezone.now()
        )
        with django_capture_on_commit_callbacks(execute=True):
            assert session_reminders_send() == 1


def test_a_second_digest_run_in_the_same_week_sends_nothing(
    mailoutbox, django_capture_on_commit_callbacks
) -> None:
    """Beat firing twice on Monday gives one digest; the next week's run sends again."""
    trainer = trainer_make()
    workshop = WorkshopFactory(trainers=[trainer])
    SessionFactory(workshop=workshop)  # in three days
    later = timezone.now().replace(microsecond=0) + timedelta(days=10)
    SessionFactory(workshop=workshop, slots=[(later, later + timedelta(hours=2))])
    monday = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert trainer_digests_send(now=monday) == 1
        assert trainer_digests_send(now=monday + timedelta(hours=1)) == 0
    assert [m.to for m in mailoutbox] == [[trainer.email]]
    assert TrainerDigest.objects.get(trainer=trainer).sessions == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert trainer_digests_send(now=monday + timedelta(days=7)) == 1
    assert len(mailoutbox) == 2
