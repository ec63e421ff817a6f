"""The e-mails of workshops, built in French: plain text, an HTML alternative, an .ics file.

Pure functions from models to an `Email`; `services.notifications` queues them through
`accounts.tasks.email_send_task`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from workshops.calendar import calendar_of, session_location, session_url
from workshops.formatting import day_text, slot_text, when_text
from workshops.models import Registration, Session

EMAIL_LANGUAGE = "fr"
ICS_MIMETYPE = "text/calendar"

SUBJECTS = {
    "confirmed": gettext_noop("Registration confirmed: %(title)s, %(day)s"),
    "waitlisted": gettext_noop("On the waiting list: %(title)s, %(day)s"),
    "promoted": gettext_noop("A place is yours: %(title)s, %(day)s"),
    "reminder": gettext_noop("Reminder: %(title)s tomorrow"),
    "cancelled": gettext_noop("Session cancelled: %(title)s, %(day)s"),
}
KINDS = tuple(SUBJECTS)


@dataclass(frozen=True)
class Email:
    """One message ready for `email_send_task`."""

    subject: str
    body: str
    html: str
    to: list[str]
    attachments: list[tuple[str, str, str]] = field(default_factory=list)

    def as_task_kwargs(self) -> dict[str, Any]:
        """The keyword arguments of `accounts.tasks.email_send_task`."""
        return {
            "subject": self.subject,
            "body": self.body,
            "html": self.html,
            "to": self.to,
            "attachments": self.attachments,
        }


def _ics_name(title: str) -> str:
    """A safe file name for a calendar attachment."""
    return f"{slugify(title)[:60] or 'atelier'}.ics"


def session_facts(session: Session) -> dict[str, Any]:
    """What every e-mail and page says about a session."""
    deadline = session.cancellation_deadline()
    return {
        "session": session,
        "title": session.workshop.title,
        "slots": [slot_text(slot.starts_at, slot.ends_at) for slot in session.slots.all()],
        "location": session_location(session),
        "url": session_url(session),
        "cancel_until": when_text(deadline) if deadline else "",
        "day": day_text(session.starts_at) if session.starts_at else "",
    }


def _subject_for(kind: str, session: Session) -> str:
    """The translated subject of one kind of message."""
    day = day_text(session.starts_at) if session.starts_at else ""
    return _(SUBJECTS[kind]) % {"title": session.workshop.title, "day": day}


def registration_email(registration: Registration, kind: str) -> Email:
    """The message telling a person about their registration (or their session)."""
    if kind not in KINDS:
        raise ValueError(f"unknown e-mail kind: {kind}")
    session = registration.session
    with translation.override(EMAIL_LANGUAGE):
        context = {
            **session_facts(session),
            "kind": kind,
            "person": registration.person,
            "registration": registration,
            "my_space_url": settings.SITE_URL + reverse("accounts:my_space"),
            "site_url": settings.SITE_URL,
        }
        subject = _subject_for(kind, session)
        body = render_to_string("workshops/email/registration.txt", context)
        html = render_to_string("workshops/email/registration.html", context)
        ics = calendar_of([session], name=session.workshop.title).decode("utf-8")
    return Email(
        subject=subject,
        body=body,
        html=html,
        to=[registration.person.email],
        attachments=[(_ics_name(session.workshop.title), ics, ICS_MIMETYPE)],
    )


def _digest_row(session: Session) -> dict[str, Any]:
    """One line of a trainer's digest (the session carries `confirmed`/`waitlisted` counts)."""
    return {
        "title": session.workshop.title,
        "is_public": session.is_public,
        "slots": [slot_text(slot.starts_at, slot.ends_at) for slot in session.slots.all()],
        "location": session_location(session),
        "url": session_url(session),
        "confirmed": getattr(session, "confirmed", 0),
        "waitlisted": getattr(session, "waitlisted", 0),
        "capacity": session.capacity,
    }


def trainer_digest_email(trainer: AbstractBaseUser, sessions: Sequence[Session]) -> Email:
    """The digest of a trainer's upcoming sessions, with all of them in one .ics."""
    with translation.override(EMAIL_LANGUAGE):
        rows = [_digest_row(session) for session in sessions]
        context = {
            "person": trainer,
            "rows": rows,
            "trainer_url": settings.SITE_URL + reverse("workshops:trainer_sessions"),
            "site_url": settings.SITE_URL,
        }
        subject = _("Your upcoming workshop sessions")
        body = render_to_string("workshops/email/trainer_digest.txt", context)
        html = render_to_string("workshops/email/trainer_digest.html", context)
        ics = calendar_of(sessions, name=_("My workshop sessions")).decode("utf-8")
    return Email(
        subject=subject,
        body=body,
        html=html,
        to=[trainer.email],
        attachments=[("seances.ics", ics, ICS_MIMETYPE)],
    )
