"""Factories for workshops: workshops, sessions with time slots, registrations, trainers."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from organizations.models import Membership
from tests.accounts.factories import UserFactory
from tests.organizations.factories import LibraryFactory, MembershipFactory
from workshops.models import Registration, Session, TimeSlot, Workshop


def trainer_make(**kwargs) -> object:
    """A person with a trainer membership."""
    membership = MembershipFactory(role=Membership.Role.TRAINER, **kwargs)
    return membership.user


def agent_make(library=None, **kwargs) -> object:
    """A person with an agent membership (of a given library or a new one)."""
    extra = {"library": library} if library is not None else {}
    return MembershipFactory(role=Membership.Role.AGENT, user=UserFactory(**kwargs), **extra).user


class WorkshopFactory(factory.django.DjangoModelFactory):
    """A staff workshop; `trainers=[...]` sets its trainers."""

    class Meta:
        model = Workshop
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Atelier numérique {n}")
    description = "Prendre en main un service numérique de la BNM."
    audience = Workshop.Audience.STAFF
    duration_minutes = 120

    @factory.post_generation
    def trainers(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.trainers.set(extracted)
            obj.save()

    @factory.post_generation
    def kits(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.kits.set(extracted)
            obj.save()


class SessionFactory(factory.django.DjangoModelFactory):
    """A planned session in three days, one 2-hour slot (`slots=[(start, end), ...]`)."""

    class Meta:
        model = Session
        skip_postgeneration_save = True

    workshop = factory.SubFactory(WorkshopFactory)
    library = factory.SubFactory(LibraryFactory)
    capacity = 10
    room = "Salle d’animation"

    @factory.post_generation
    def slots(obj, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            start = timezone.now().replace(microsecond=0) + timedelta(days=3)
            extracted = [(start, start + timedelta(hours=2))]
        for starts_at, ends_at in extracted:
            TimeSlot.objects.create(session=obj, starts_at=starts_at, ends_at=ends_at)
        obj.save()


def session_now(**kwargs) -> Session:
    """A session happening right now (started 30 minutes ago, ends in 90)."""
    start = timezone.now().replace(microsecond=0) - timedelta(minutes=30)
    return SessionFactory(slots=[(start, start + timedelta(hours=2))], **kwargs)


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed registration made directly (no service, no e-mail)."""

    class Meta:
        model = Registration

    session = factory.SubFactory(SessionFactory)
    person = factory.SubFactory(UserFactory)
    status = Registration.Status.CONFIRMED
    queued_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyFunction(timezone.now)
