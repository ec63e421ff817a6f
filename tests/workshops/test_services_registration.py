"""Registration: places, waitlist in arrival order, refusals with reasons, cancellation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from organizations.models import Membership
from tests.accounts.factories import UserFactory
from tests.organizations.factories import CommuneFactory, LibraryFactory, MembershipFactory
from tests.workshops.factories import SessionFactory, WorkshopFactory, agent_make
from workshops.models import Registration, Session, Workshop
from workshops.services import (
    RegistrationRefused,
    registration_cancel,
    registration_create,
    waitlist_promote,
)

pytestmark = pytest.mark.django_db
Status = Registration.Status


def test_places_are_confirmed_until_full_then_waitlisted() -> None:
    """The first `capacity` people get a place; the next ones join the waiting list."""
    session = SessionFactory(capacity=2)
    people = [UserFactory() for _ in range(4)]
    statuses = [registration_create(session=session, person=p).status for p in people]
    assert statuses == [Status.CONFIRMED, Status.CONFIRMED, Status.WAITLISTED, Status.WAITLISTED]


def test_registering_twice_is_harmless() -> None:
    """A second registration returns the same row and changes nothing."""
    session = SessionFactory(capacity=1)
    person = UserFactory()
    first = registration_create(session=session, person=person)
    again = registration_create(session=session, person=person)
    assert again.pk == first.pk
    assert again.status == Status.CONFIRMED
    assert Registration.objects.filter(session=session).count() == 1


def test_registering_twice_keeps_the_waitlist_place() -> None:
    """Registering again while waitlisted does not move the person to the back."""
    session = SessionFactory(capacity=1)
    registration_create(session=session, person=UserFactory())
    person = UserFactory()
    first = registration_create(session=session, person=person)
    registration_create(session=session, person=UserFactory())
    again = registration_create(session=session, person=person)
    assert again.queued_at == first.queued_at


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"status": Session.Status.CANCELLED}, "annulée"),
        ({"status": Session.Status.COMPLETED}, "déjà eu lieu"),
    ],
)
def test_cancelled_or_completed_session_refuses_with_a_french_reason(change, fragment) -> None:
    """Registering to a cancelled or past session is refused, and the reason says why."""
    session = SessionFactory()
    Session.objects.filter(pk=session.pk).update(**change)
    session.refresh_from_db()
    with pytest.raises(RegistrationRefused) as refused:
        registration_create(session=session, person=UserFactory())
    assert fragment in refused.value.reason
    assert not Registration.objects.exists()


def test_registering_after_the_closing_time_is_refused() -> None:
    """Once registration has closed, nobody can register, and the closing date is given."""
    session = SessionFactory(registration_closes_at=timezone.now() - timedelta(hours=1))
    with pytest.raises(RegistrationRefused) as refused:
        registration_create(session=session, person=UserFactory())
    assert "Les inscriptions sont closes depuis le" in refused.value.reason


def test_registering_before_the_opening_time_is_refused() -> None:
    """Before registration opens, the refusal gives the opening date."""
    session = SessionFactory(registration_opens_at=timezone.now() + timedelta(days=1))
    with pytest.raises(RegistrationRefused) as refused:
        registration_create(session=session, person=UserFactory())
    assert "Les inscriptions ouvrent le" in refused.value.reason


def test_public_workshops_take_no_online_registration() -> None:
    """Public mediation sessions keep no names: registration is refused."""
    session = SessionFactory(workshop=WorkshopFactory(audience=Workshop.Audience.PUBLIC))
    with pytest.raises(RegistrationRefused) as refused:
        registration_create(session=session, person=UserFactory())
    assert "sans inscription" in refused.value.reason


def test_cancelling_promotes_the_first_waitlisted_person() -> None:
    """A freed place goes to the first person who joined the waiting list, who is told."""
    session = SessionFactory(capacity=1)
    holder = registration_create(session=session, person=UserFactory())
    base = timezone.now()
    waiting = []
    for offset in range(3):
        waiting.append(
            registration_create(
                session=session, person=UserFactory(), now=base + timedelta(seconds=offset)
            )
        )
    registration_cancel(registration=holder, cancelled_by=holder.person)
    statuses = [Registration.objects.get(pk=r.pk).status for r in waiting]
    assert statuses == [Status.CONFIRMED, Status.WAITLISTED, Status.WAITLISTED]


def test_promotion_follows_arrival_order_over_successive_cancellations() -> None:
    """Each cancellation promotes the next person in the order they joined (first come)."""
    session = SessionFactory(capacity=2)
    base = timezone.now()
    holders = [
        registration_create(session=session, person=UserFactory(), now=base) for _ in range(2)
    ]
    waiting = [
        registration_create(
            session=session, person=UserFactory(), now=base + timedelta(minutes=minute)
        )
        for minute in (3, 1, 2)  # joined at +3, +1, +2 minutes
    ]
    promoted_order = []
    for holder in holders:
        registration_cancel(registration=holder, cancelled_by=holder.person)
        promoted_order += [
            r.pk
            for r in waiting
            if Registration.objects.get(pk=r.pk).status == Status.CONFIRMED
            and r.pk not in promoted_order
        ]
    assert promoted_order == [waiting[1].pk, waiting[2].pk]


def test_cancelling_a_waitlist_spot_promotes_nobody() -> None:
    """Leaving the waiting list frees no place."""
    session = SessionFactory(capacity=1)
    registration_create(session=session, person=UserFactory())
    waiting = registration_create(session=session, person=UserFactory())
    other = registration_create(session=session, person=UserFactory())
    registration_cancel(registration=waiting, cancelled_by=waiting.person)
    assert Registration.objects.get(pk=other.pk).status == Status.WAITLISTED


def test_cancelling_after_the_deadline_is_refused() -> None:
    """After the cancellation deadline the place is kept and the person is told why."""
    session = SessionFactory(cancellation_closes_at=timezone.now() + timedelta(hours=1))
    registration = registration_create(session=session, person=UserFactory())
    with pytest.raises(RegistrationRefused) as refused:
        registration_cancel(
            registration=registration,
            cancelled_by=registration.person,
            now=timezone.now() + timedelta(hours=2),
        )
    assert "L’annulation était possible jusqu’au" in refused.value.reason
    assert Registration.objects.get(pk=registration.pk).status == Status.CONFIRMED


def test_cancelling_twice_is_harmless() -> None:
    """A second cancellation changes nothing."""
    session = SessionFactory()
    registration = registration_create(session=session, person=UserFactory())
    registration_cancel(registration=registration, cancelled_by=registration.person)
    again = registration_cancel(registration=registration, cancelled_by=registration.person)
    assert again.status == Status.CANCELLED


def test_registering_again_after_cancelling_reuses_the_row_at_the_back() -> None:
    """A person who cancelled may register again; they queue behind those already waiting."""
    session = SessionFactory(capacity=1)
    person = UserFactory()
    first = registration_create(session=session, person=person)
    registration_cancel(registration=first, cancelled_by=person)
    registration_create(session=session, person=UserFactory())
    again = registration_create(session=session, person=person)
    assert again.pk == first.pk
    assert again.status == Status.WAITLISTED


def test_a_larger_capacity_fills_from_the_waitlist() -> None:
    """When the capacity grows, waiting people are promoted in order."""
    session = SessionFactory(capacity=1)
    registration_create(session=session, person=UserFactory())
    waiting = registration_create(session=session, person=UserFactory())
    Session.objects.filter(pk=session.pk).update(capacity=2)
    promoted = waitlist_promote(session=session)
    assert [r.pk for r in promoted] == [waiting.pk]


def _supervisor(role: str, library, commune):
    """A person holding a supervising role over the given library or commune."""
    if role == Membership.Role.COMMUNE_COORDINATOR:
        return MembershipFactory(role=role, library=None, commune=commune).user
    if role == Membership.Role.NETWORK_TEAM:
        return MembershipFactory(role=role, library=None, commune=None).user
    return MembershipFactory(role=role, library=library).user


@pytest.mark.parametrize(
    "role",
    [
        Membership.Role.LIBRARY_HEAD,
        Membership.Role.COMMUNE_COORDINATOR,
        Membership.Role.NETWORK_TEAM,
    ],
)
def test_supervisors_register_people_of_their_scope(role) -> None:
    """Library heads, coordinators and the network team register people they cover."""
    commune = CommuneFactory()
    library = LibraryFactory(commune=commune)
    supervisor = _supervisor(role, library, commune)
    person = agent_make(library=library)
    registration = registration_create(
        session=SessionFactory(), person=person, registered_by=supervisor
    )
    assert registration.registered_by == supervisor
    assert registration.person == person


@pytest.mark.parametrize(
    "role",
    [Membership.Role.LIBRARY_HEAD, Membership.Role.COMMUNE_COORDINATOR, Membership.Role.AGENT],
)
def test_nobody_registers_people_outside_their_scope(role) -> None:
    """A head or coordinator of commune A cannot register an agent of commune B; nor can agents."""
    commune = CommuneFactory()
    library = LibraryFactory(commune=commune)
    supervisor = (
        agent_make(library=library)
        if role == Membership.Role.AGENT
        else _supervisor(role, library, commune)
    )
    outsider = agent_make(library=LibraryFactory(commune=CommuneFactory()))
    with pytest.raises(RegistrationRefused):
        registration_create(session=SessionFactory(), person=outsider, registered_by=supervisor)
    assert not Registration.objects.exists()
