"""The Wagtail admin: workshops, sessions and cycles as snippets; saving syncs the rest."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from skills.selectors import alignments_for
from tests.accounts.factories import UserFactory
from tests.organizations.factories import LibraryFactory
from tests.skills.factories import digcomp
from tests.workshops.factories import (
    RegistrationFactory,
    SessionFactory,
    WorkshopFactory,
    trainer_make,
)
from workshops.models import Registration, Session, Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    """A client logged in as a Wagtail superuser."""
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def formset(prefix: str, rows: list[dict]) -> dict:
    """The POST data of an inline panel."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
        data[f"{prefix}-{index}-ORDER"] = str(index + 1)
        data[f"{prefix}-{index}-id"] = ""
        data[f"{prefix}-{index}-DELETE"] = ""
    return data


@pytest.mark.parametrize("model", ["workshop", "session", "cycle"])
def test_admin_listings_render(admin_client, model) -> None:
    """The three snippet listings open in the admin."""
    SessionFactory()
    response = admin_client.get(reverse(f"wagtailsnippets_workshops_{model}:list"))
    assert response.status_code == 200


def test_creating_a_workshop_in_the_admin_aligns_its_competences(admin_client) -> None:
    """A workshop saved with competences gets the same alignments in skills."""
    trainer = trainer_make()
    data = {
        "title": "Découvrir la presse en ligne",
        "description": "Les kiosques de presse numérique.",
        "audience": "staff",
        "duration_minutes": "180",
        "trainers": [str(trainer.pk)],
        "is_active": "on",
        **formset(
            "competence_links",
            [
                {"competence": str(digcomp("1.1").pk), "level": "3"},
                {"competence": str(digcomp("1.2").pk), "level": "2"},
            ],
        ),
    }
    response = admin_client.post(reverse("wagtailsnippets_workshops_workshop:add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    workshop = Workshop.objects.get(title="Découvrir la presse en ligne")
    assert list(workshop.trainers.all()) == [trainer]
    aligned = {(a.competence.code, a.level) for a in alignments_for(workshop.activity_iri)}
    assert aligned == {("1.1", 3), ("1.2", 2)}


def test_creating_a_session_in_the_admin_with_two_slots(admin_client) -> None:
    """A session saved with two time slots takes its start and end from them."""
    workshop = WorkshopFactory()
    library = LibraryFactory()
    start = (timezone.localtime() + timedelta(days=10)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    fmt = "%Y-%m-%d %H:%M"
    data = {
        "workshop": str(workshop.pk),
        "library": str(library.pk),
        "room": "Salle d’animation",
        "capacity": "12",
        "registration_opens_at": "",
        "registration_closes_at": "",
        "cancellation_closes_at": "",
        **formset(
            "slots",
            [
                {
                    "starts_at": start.strftime(fmt),
                    "ends_at": (start + timedelta(hours=3)).strftime(fmt),
                },
                {
                    "starts_at": (start + timedelta(days=1)).strftime(fmt),
                    "ends_at": (start + timedelta(days=1, hours=3)).strftime(fmt),
                },
            ],
        ),
    }
    response = admin_client.post(reverse("wagtailsnippets_workshops_session:add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    session = Session.objects.get(workshop=workshop)
    assert session.starts_at == start
    assert session.ends_at == start + timedelta(days=1, hours=3)
    assert session.slots.count() == 2
    assert session.status == Session.Status.PLANNED


def test_raising_the_capacity_in_the_admin_promotes_the_waitlist(admin_client) -> None:
    """Editing a session to add places fills them from the waiting list, in order."""
    session = SessionFactory(capacity=1)
    RegistrationFactory(session=session)
    waiting = RegistrationFactory(session=session, status="waitlisted", confirmed_at=None)
    slot = session.slots.get()
    fmt = "%Y-%m-%d %H:%M"
    data = {
        "workshop": str(session.workshop_id),
        "library": str(session.library_id),
        "room": session.room,
        "capacity": "2",
        "registration_opens_at": "",
        "registration_closes_at": "",
        "cancellation_closes_at": "",
        "slots-TOTAL_FORMS": "1",
        "slots-INITIAL_FORMS": "1",
        "slots-MIN_NUM_FORMS": "0",
        "slots-MAX_NUM_FORMS": "1000",
        "slots-0-id": str(slot.pk),
        "slots-0-starts_at": timezone.localtime(slot.starts_at).strftime(fmt),
        "slots-0-ends_at": timezone.localtime(slot.ends_at).strftime(fmt),
        "slots-0-ORDER": "1",
        "slots-0-DELETE": "",
    }
    response = admin_client.post(
        reverse("wagtailsnippets_workshops_session:edit", args=[session.pk]), data
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
