"""The real path: workshop e-mails leave through the broker and a separate Celery worker.

Runs in CI's PostgreSQL stage (see tests/lms/test_worker.py for the set-up).
"""

import email
import email.policy
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.lms.test_worker import wait_for_mail_to
from tests.workshops.factories import SessionFactory, WorkshopFactory
from workshops.models import Registration
from workshops.tasks import session_reminders_send_task

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def mail_folder() -> Path:
    """The folder where the worker's file e-mail backend writes."""
    folder = Path(getattr(settings, "EMAIL_FILE_PATH", "") or "")
    assert folder.is_dir(), "the worker stage needs EMAIL_URL=filemail://<folder>"
    return folder


def parsed_mail(text: str) -> email.message.EmailMessage:
    """The first message of a mail file, parsed (headers decoded)."""
    return email.message_from_string(text.lstrip(), policy=email.policy.default)


def test_registration_confirmation_is_sent_by_the_worker(client) -> None:
    """Registering on the page queues the confirmation; the worker sends it with its .ics."""
    address = f"inscription-{time.time_ns()}@example.org"
    person = UserFactory(email=address)
    session = SessionFactory(workshop=WorkshopFactory(title="Découvrir la presse en ligne"))
    client.force_login(person)
    client.post(reverse("workshops:register", args=[session.pk]))
    message = parsed_mail(wait_for_mail_to(address, mail_folder()))
    assert (
        str(message["Subject"])
        .strip()
        .startswith("Inscription confirmée : Découvrir la presse en ligne")
    )
    kinds = {part.get_content_type(): part for part in message.walk()}
    assert "Votre inscription" in kinds["text/plain"].get_content()
    assert "text/html" in kinds
    assert "BEGIN:VEVENT" in kinds["text/calendar"].get_content()


def test_beat_reminder_task_runs_in_the_worker() -> None:
    """The reminder task, sent to the broker as beat does, e-mails tomorrow's participants."""
    address = f"rappel-{time.time_ns()}@example.org"
    tomorrow = timezone.localdate() + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(tomorrow, datetime.min.time())) + timedelta(
        hours=10
    )
    session = SessionFactory(slots=[(start, start + timedelta(hours=2))])
    Registration.objects.create(
        session=session,
        person=UserFactory(email=address),
        status=Registration.Status.CONFIRMED,
        queued_at=timezone.now(),
    )
    assert session_reminders_send_task.delay().get(timeout=30) >= 1
    message = parsed_mail(wait_for_mail_to(address, mail_folder()))
    assert str(message["Subject"]).strip() == f"Rappel : {session.workshop.title} demain"
