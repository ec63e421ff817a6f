"""The Wagtail admin for trainers: only their own workshops and sessions, never the trainers."""

import pytest
from django.urls import reverse

from organizations.models import Membership
from tests.organizations.factories import MembershipFactory
from tests.workshops.factories import SessionFactory, WorkshopFactory, trainer_make
from workshops.models import Cycle, Workshop

pytestmark = pytest.mark.django_db


def url(model: str, action: str, *args: object) -> str:
    """The admin URL of a workshops snippet view."""
    return reverse(f"wagtailsnippets_workshops_{model}:{action}", args=args)


def refused(response) -> bool:
    """Whether the admin refused the request (Wagtail sends a refusal back to the dashboard)."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


@pytest.fixture
def own(trainer):
    """A session of a workshop the trainer trains."""
    return SessionFactory(workshop=WorkshopFactory(title="Atelier à moi", trainers=[trainer]))


@pytest.fixture
def other():
    """A session of a workshop someone else trains."""
    return SessionFactory(workshop=WorkshopFactory(title="Atelier d’autrui", trainers=[]))


@pytest.fixture
def trainer_client(client, trainer):
    """A client logged in as the trainer."""
    client.force_login(trainer)
    return client


def test_a_trainer_edits_their_own_session_and_workshop(trainer_client, own) -> None:
    """The edit pages of a trainer's own session and workshop open."""
    assert trainer_client.get(url("session", "edit", own.pk)).status_code == 200
    assert trainer_client.get(url("workshop", "edit", own.workshop_id)).status_code == 200


@pytest.mark.parametrize("model", ["session", "workshop"])
def test_a_trainer_cannot_open_another_trainers_row(trainer_client, own, other, model) -> None:
    """The edit URL of another trainer's session or workshop is refused, read or posted."""
    pk = other.pk if model == "session" else other.workshop_id
    assert refused(trainer_client.get(url(model, "edit", pk)))
    assert refused(trainer_client.post(url(model, "edit", pk), {"capacity": "200"}))
    other.refresh_from_db()
    assert other.capacity != 200


def test_a_trainer_lists_only_their_sessions_and_workshops(trainer_client, own, other) -> None:
    """The listings show the trainer's own workshop and session, not another's."""
    sessions = trainer_client.get(url("session", "list")).content.decode()
    workshops = trainer_client.get(url("workshop", "list")).content.decode()
    assert url("session", "edit", own.pk) in sessions
    assert url("session", "edit", other.pk) not in sessions
    assert "Atelier à moi" in workshops
    assert "Atelier d’autrui" not in workshops


def test_a_trainer_cannot_change_the_trainers(trainer_client, trainer, own, other) -> None:
    """The trainers field is not on a trainer's form, and posting it changes nothing."""
    workshop = own.workshop
    page = trainer_client.get(url("workshop", "edit", workshop.pk)).content.decode()
    assert 'name="trainers"' not in page
    someone = trainer_make()
    data = {
        "title": workshop.title,
        "description": "",
        "audience": "staff",
        "duration_minutes": "180",
        "trainers": [str(someone.pk)],
        "is_active": "on",
        "competence_links-TOTAL_FORMS": "0",
        "competence_links-INITIAL_FORMS": "0",
        "competence_links-MIN_NUM_FORMS": "0",
        "competence_links-MAX_NUM_FORMS": "1000",
    }
    response = trainer_client.post(url("workshop", "edit", workshop.pk), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(workshop.trainers.all()) == [trainer]


def test_a_network_member_sees_the_trainers_field(client, own) -> None:
    """The network team chooses trainers: the field is on their form."""
    network = MembershipFactory(role=Membership.Role.NETWORK_TEAM, library=None, commune=None).user
    client.force_login(network)
    page = client.get(url("workshop", "edit", own.workshop_id)).content.decode()
    assert 'name="trainers"' in page


def test_a_trainer_only_reads_cycles(trainer_client, own, other) -> None:
    """A trainer sees the cycles of their sessions but cannot add or edit one."""
    mine = Cycle.objects.create(title="Cycle à moi")
    mine.sessions.set([own])
    mine.save()
    theirs = Cycle.objects.create(title="Cycle d’autrui")
    theirs.sessions.set([other])
    theirs.save()
    listing = trainer_client.get(url("cycle", "list")).content.decode()
    assert "Cycle à moi" in listing
    assert "Cycle d’autrui" not in listing
    assert refused(trainer_client.get(url("cycle", "edit", mine.pk)))
    assert refused(trainer_client.get(url("cycle", "add")))


def test_a_trainer_cannot_put_a_session_on_another_workshop(trainer_client, own, other) -> None:
    """The workshop choice of a trainer's session form holds only the workshops they train."""
    form = trainer_client.get(url("session", "add")).context["form"]
    choices = {value for value, _label in form.fields["workshop"].choices if value}
    assert {int(str(value)) for value in choices} == {own.workshop_id}


def test_a_workshop_a_trainer_adds_is_theirs(trainer_client, trainer) -> None:
    """A trainer who adds a workshop (without the trainers field) becomes its trainer."""
    data = {
        "title": "Nouvel atelier",
        "description": "",
        "audience": "staff",
        "duration_minutes": "120",
        "is_active": "on",
        "competence_links-TOTAL_FORMS": "0",
        "competence_links-INITIAL_FORMS": "0",
        "competence_links-MIN_NUM_FORMS": "0",
        "competence_links-MAX_NUM_FORMS": "1000",
    }
    response = trainer_client.post(url("workshop", "add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(Workshop.objects.get(title="Nouvel atelier").trainers.all()) == [trainer]
