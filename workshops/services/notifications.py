"""Notifications of workshops: queued after commit through `email_send_task`.

Confirmation, waitlist, promotion and cancellation messages are queued by the services
that cause them; reminders (the day before) and the trainers' digest are sent by Celery
beat (see CELERY_BEAT_SCHEDULE) through the two batch services below.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from accounts.tasks import email_send_task
from workshops.emails import registration_email, trainer_digest_email
from workshops.models import Registration, Session, TrainerDigest

DIGEST_DAYS = 14


def registration_notify(*, registration: Registration, kind: str) -> None:
    """Queue the e-mail of one kind to a registered person, sent once the data is committed."""
    email = registration_email(registration, kind)
    email_send_task.delay_on_commit(**email.as_task_kwargs())


def session_cancelled_notify(*, session: Session) -> int:
    """Tell everyone holding or awaiting a place that the session is cancelled."""
    registrations = (
        Registration.objects.filter(
            session=session,
            status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED],
        )
        .select_related("person", "session__workshop", "session__library__commune")
        .prefetch_related("session__slots")
    )
    count = 0
    for registration in registrations:
        registration_notify(registration=registration, kind="cancelled")
        count += 1
    return count


@transaction.atomic
def session_reminders_send(*, now: datetime | None = None) -> int:
    """Remind confirmed people of sessions starting tomorrow; each person once."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(tomorrow, datetime.min.time()))
    end = start + timedelta(days=1)
    registrations = list(
        Registration.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(
            status=Registration.Status.CONFIRMED,
            reminder_sent_at__isnull=True,
            session__status=Session.Status.PLANNED,
            session__starts_at__gte=start,
            session__starts_at__lt=end,
        )
        .select_related("person", "session__workshop", "session__library__commune")
    )
    for registration in registrations:
        registration.reminder_sent_at = now
        registration.save(update_fields=["reminder_sent_at"])
        registration_notify(registration=registration, kind="reminder")
    return len(registrations)


def trainer_digests_send(*, now: datetime | None = None, days: int = DIGEST_DAYS) -> int:
    """Send each trainer the list of their sessions in the coming days, once a week; how many."""
    now = now or timezone.now()
    sessions = list(
        Session.objects.filter(
            status=Session.Status.PLANNED,
            starts_at__gte=now,
            starts_at__lt=now + timedelta(days=days),
        )
        .select_related("workshop", "library__commune")
        .prefetch_related("slots", "workshop__trainers")
        .annotate(
            confirmed=Count("registrations", filter=Q(registrations__status="confirmed")),
            waitlisted=Count("registrations", filter=Q(registrations__status="waitlisted")),
        )
        .order_by("starts_at")
    )
    by_trainer: dict[int, list[Session]] = defaultdict(list)
    for session in sessions:
        for trainer in session.workshop.trainers.all():
            by_trainer[trainer.pk].append(session)
    trainers = get_user_model().objects.in_bulk(list(by_trainer))
    local_day = timezone.localdate(now)
    week_of = local_day - timedelta(days=local_day.weekday())
    sent = 0
    for trainer_id, own in by_trainer.items():
        with transaction.atomic():
            _digest, created = TrainerDigest.objects.get_or_create(
                trainer_id=trainer_id, week_of=week_of, defaults={"sessions": len(own)}
            )
            if not created:
                continue  # already sent this week (beat fired twice)
            email = trainer_digest_email(trainers[trainer_id], own)
            email_send_task.delay_on_commit(**email.as_task_kwargs())
        sent += 1
    return sent
