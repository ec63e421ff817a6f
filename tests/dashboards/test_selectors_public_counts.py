"""Public mediation counts read by the dashboards: the same as the workshops selector."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from dashboards.selectors.places import public_counts
from organizations.models import Library
from tests.organizations.factories import CommuneFactory, LibraryFactory
from tests.workshops.factories import WorkshopFactory, session_now, trainer_make
from workshops.models import Session, Workshop
from workshops.selectors import public_workshop_counts
from workshops.services import public_counts_record

pytestmark = pytest.mark.django_db


def test_public_counts_per_library_agree_with_the_workshops_selector() -> None:
    """Sessions and participants per library equal `public_workshop_counts`, library by library."""
    trainer = trainer_make()
    commune = CommuneFactory(insee_code="99778")
    libraries = [LibraryFactory(commune=commune) for _ in range(3)]
    workshop = WorkshopFactory(audience=Workshop.Audience.PUBLIC, trainers=[trainer])
    held = [
        session_now(workshop=workshop, library=libraries[0]),
        session_now(workshop=workshop, library=libraries[0]),
        session_now(workshop=workshop, library=libraries[1]),
    ]
    for number, session in enumerate(held, start=1):
        public_counts_record(
            session=session,
            counts={(None, "adult", "partly"): number, (None, "senior", "autonomous"): 2},
            recorded_by=trainer,
        )
    empty = session_now(workshop=workshop, library=libraries[1])
    public_counts_record(session=empty, counts={(None, "adult", "partly"): 0}, recorded_by=trainer)
    cancelled = session_now(workshop=workshop, library=libraries[2])
    public_counts_record(
        session=cancelled, counts={(None, "adult", "partly"): 50}, recorded_by=trainer
    )
    Session.objects.filter(pk=cancelled.pk).update(status=Session.Status.CANCELLED)
    session_now(workshop=workshop, library=libraries[2])  # counts never recorded
    session_now(
        workshop=WorkshopFactory(audience=Workshop.Audience.STAFF, trainers=[trainer]),
        library=libraries[2],
    )
    today = timezone.localdate()
    ids = [library.pk for library in libraries]
    for since, until in [
        (today - timedelta(days=31), today),
        (today + timedelta(days=1), today + timedelta(days=30)),
        (date(2000, 1, 1), today - timedelta(days=1)),
    ]:
        ours = public_counts(ids, since, until)
        for library in libraries:
            theirs = public_workshop_counts(
                libraries=Library.objects.filter(pk=library.pk), since=since, until=until
            )
            assert ours.sessions.get(library.pk, 0) == theirs.sessions
            assert ours.participants.get(library.pk, 0) == theirs.participants
        everyone = public_workshop_counts(
            libraries=Library.objects.filter(pk__in=ids), since=since, until=until
        )
        assert sum(ours.sessions.values()) == everyone.sessions
        assert ours.participants == everyone.by_library
    day = timedelta(days=1)
    assert public_counts(ids, today - day, today + day).participants == {
        libraries[0].pk: 1 + 2 + 2 + 2,
        libraries[1].pk: 3 + 2,
    }
