"""A trainer's scope: people actively registered to their sessions, their cycles' certificates."""

import pytest

from certificates.selectors import certificates_in_scope
from organizations.selectors import visible_people
from tests.accounts.factories import UserFactory
from tests.certificates.factories import issue
from tests.workshops.factories import (
    RegistrationFactory,
    SessionFactory,
    WorkshopFactory,
)
from workshops.models import Cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(trainer):
    """A session the trainer runs."""
    return SessionFactory(workshop=WorkshopFactory(trainers=[trainer]))


def test_a_cancelled_registration_leaves_the_trainers_scope(trainer, session) -> None:
    """Confirmed and waitlisted people are in the trainer's scope; those who cancelled are not."""
    confirmed = RegistrationFactory(session=session).person
    waiting = RegistrationFactory(session=session, status="waitlisted", confirmed_at=None).person
    gone = RegistrationFactory(session=session, status="cancelled").person
    people = set(visible_people(trainer))
    assert {confirmed, waiting} <= people
    assert gone not in people


def test_a_trainer_hands_over_only_their_cycles_certificates(trainer, session) -> None:
    """Of a registrant's certificates, a trainer gets their cycle's, not a path's or another's."""
    person = RegistrationFactory(session=session).person
    mine = Cycle.objects.create(title="Cycle à moi")
    mine.sessions.set([session])
    mine.save()
    theirs = Cycle.objects.create(title="Cycle d’autrui")
    theirs.sessions.set([SessionFactory()])
    theirs.save()
    cycle_certificate = issue(
        person, achievement_key=mine.achievement_key, kind="workshop_cycle", title=mine.title
    )
    issue(person, achievement_key="path:7")
    issue(person, achievement_key=theirs.achievement_key, kind="workshop_cycle", title="Autre")
    issue(UserFactory(), achievement_key=mine.achievement_key, kind="workshop_cycle", title="X")
    assert list(certificates_in_scope(trainer)) == [cycle_certificate]
