"""Pages: the agenda and its filters, the session page and its buttons, the trainer's tools."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from organizations.models import Membership
from organizations.selectors import visible_people
from skills.models import Competence
from tests.accounts.factories import UserFactory
from tests.mediation_kits.factories import KitPageFactory
from tests.organizations.factories import CommuneFactory, LibraryFactory, MembershipFactory
from tests.skills.factories import digcomp
from tests.workshops.factories import (
    RegistrationFactory,
    SessionFactory,
    WorkshopFactory,
    agent_make,
    session_now,
    trainer_make,
)
from workshops.models import (
    Cycle,
    PublicAttendanceCount,
    Registration,
    Session,
    Workshop,
    WorkshopCompetence,
)

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    """The decoded body of a response."""
    return response.content.decode()


@pytest.fixture
def agenda():
    """Three upcoming sessions in two communes, one public; one cancelled; one past."""
    lille, roubaix = CommuneFactory(name="Lille-Test"), CommuneFactory(name="Roubaix-Test")
    jean_levy, grand_plage = (
        LibraryFactory(name="Médiathèque Jean Lévy", commune=lille),
        LibraryFactory(name="Médiathèque La Grand-Plage", commune=roubaix),
    )
    presse = WorkshopFactory(title="Découvrir la presse en ligne")
    WorkshopCompetence.objects.create(workshop=presse, competence=digcomp("1.1"), level=3)
    liseuse = WorkshopFactory(title="Accompagner un usager sur liseuse")
    public = WorkshopFactory(title="Lire la presse sur tablette", audience=Workshop.Audience.PUBLIC)
    SessionFactory(workshop=presse, library=jean_levy)
    SessionFactory(workshop=liseuse, library=grand_plage)
    SessionFactory(workshop=public, library=grand_plage)
    cancelled = SessionFactory(workshop=WorkshopFactory(title="Atelier annulé"), library=jean_levy)
    Session.objects.filter(pk=cancelled.pk).update(status=Session.Status.CANCELLED)
    start = timezone.now() - timedelta(days=3)
    SessionFactory(
        workshop=WorkshopFactory(title="Atelier passé"),
        library=jean_levy,
        slots=[(start, start + timedelta(hours=2))],
    )
    return {"lille": lille, "jean_levy": jean_levy, "roubaix": roubaix}


def titles_in(response) -> set[str]:
    """The workshop titles listed by the agenda."""
    text = page_text(response)
    names = {
        "Découvrir la presse en ligne",
        "Accompagner un usager sur liseuse",
        "Lire la presse sur tablette",
        "Atelier annulé",
        "Atelier passé",
    }
    return {name for name in names if f">{name}</a>" in text}


def test_agenda_lists_upcoming_planned_sessions(client, agenda) -> None:
    """The public agenda shows coming sessions only, not cancelled or past ones."""
    response = client.get(reverse("workshops:agenda"))
    assert response.status_code == 200
    assert titles_in(response) == {
        "Découvrir la presse en ligne",
        "Accompagner un usager sur liseuse",
        "Lire la presse sur tablette",
    }
    assert "3 séances à venir" in page_text(response)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (lambda a: {"commune": a["lille"].pk}, {"Découvrir la presse en ligne"}),
        (
            lambda a: {"commune": a["roubaix"].pk},
            {"Accompagner un usager sur liseuse", "Lire la presse sur tablette"},
        ),
        (lambda a: {"library": a["jean_levy"].pk}, {"Découvrir la presse en ligne"}),
        (lambda a: {"audience": "public"}, {"Lire la presse sur tablette"}),
        (
            lambda a: {"audience": "staff"},
            {"Découvrir la presse en ligne", "Accompagner un usager sur liseuse"},
        ),
        (
            lambda a: {
                "competence": Competence.objects.get(
                    framework__code="digcomp", framework__is_current=True, code="1.1"
                ).pk
            },
            {"Découvrir la presse en ligne"},
        ),
    ],
)
def test_agenda_filters(client, agenda, params, expected) -> None:
    """Filters by commune, library, audience and competence narrow the list."""
    response = client.get(reverse("workshops:agenda"), params(agenda))
    assert titles_in(response) == expected


@pytest.mark.parametrize("params", [{"library": "abc"}, {"commune": "999999"}, {"page": "zz"}])
def test_agenda_survives_bad_filters(client, agenda, params) -> None:
    """Garbage in the query string never gives a 500."""
    assert client.get(reverse("workshops:agenda"), params).status_code == 200


def test_session_page_offers_registration_then_waitlist(client) -> None:
    """Anonymous: log in to register; logged in: register; when full: join the waiting list."""
    session = SessionFactory(capacity=1)
    url = reverse("workshops:session", args=[session.pk])
    assert "Se connecter pour s’inscrire" in page_text(client.get(url))
    client.force_login(UserFactory())
    assert "M’inscrire</button>" in page_text(client.get(url))
    RegistrationFactory(session=session)
    assert "M’inscrire sur la liste d’attente" in page_text(client.get(url))


def test_registering_by_the_page(client) -> None:
    """The register button confirms the place and says so; pressing it again is harmless."""
    session = SessionFactory(capacity=1)
    person = UserFactory()
    client.force_login(person)
    url = reverse("workshops:register", args=[session.pk])
    response = client.post(url, follow=True)
    assert "Votre inscription est confirmée" in page_text(response)
    assert "Vous êtes inscrit·e." in page_text(response)
    again = client.post(url, follow=True)
    assert "Vous étiez déjà inscrit·e" in page_text(again)
    assert Registration.objects.filter(person=person).count() == 1


def test_a_full_session_puts_the_person_on_the_waiting_list(client) -> None:
    """When full, the page tells the person their position on the waiting list."""
    session = SessionFactory(capacity=1)
    RegistrationFactory(session=session)
    client.force_login(UserFactory())
    response = client.post(reverse("workshops:register", args=[session.pk]), follow=True)
    assert "vous êtes sur la liste d’attente (rang 1)" in page_text(response)


def test_registering_after_closing_shows_the_reason(client) -> None:
    """A refused registration gives the French reason on the page, never a 500."""
    session = SessionFactory(registration_closes_at=timezone.now() - timedelta(minutes=5))
    client.force_login(UserFactory())
    response = client.post(reverse("workshops:register", args=[session.pk]), follow=True)
    assert response.status_code == 200
    assert "Les inscriptions sont closes depuis le" in page_text(response)
    assert not Registration.objects.exists()


def test_registering_to_a_cancelled_session_is_refused(client) -> None:
    """A cancelled session shows why nobody can register."""
    session = SessionFactory()
    Session.objects.filter(pk=session.pk).update(status=Session.Status.CANCELLED)
    client.force_login(UserFactory())
    response = client.post(reverse("workshops:register", args=[session.pk]), follow=True)
    assert "Cette séance est annulée : les inscriptions sont fermées." in page_text(response)


def test_register_by_get_only_shows_the_page(client) -> None:
    """Following a login redirect to the register URL registers nobody."""
    session = SessionFactory()
    client.force_login(UserFactory())
    response = client.get(reverse("workshops:register", args=[session.pk]))
    assert response.status_code == 302
    assert not Registration.objects.exists()


def test_unknown_session_is_a_404(client) -> None:
    """A session that does not exist is not found."""
    assert client.get(reverse("workshops:session", args=[999999])).status_code == 404


def test_cancelling_by_the_page_and_not_someone_elses(client) -> None:
    """A person cancels their own place; another agent cannot cancel it."""
    registration = RegistrationFactory()
    url = reverse("workshops:cancel_registration", args=[registration.pk])
    client.force_login(UserFactory())
    assert client.post(url).status_code == 403
    client.force_login(registration.person)
    response = client.post(url, follow=True)
    assert "L’inscription est annulée." in page_text(response)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


def test_cancel_redirect_ignores_foreign_next(client) -> None:
    """The `next` target of a cancellation is kept on this site."""
    registration = RegistrationFactory()
    client.force_login(registration.person)
    response = client.post(
        reverse("workshops:cancel_registration", args=[registration.pk]),
        {"next": "https://evil.example.com/"},
    )
    assert response["Location"] == reverse("workshops:session", args=[registration.session_id])


def test_library_head_registers_an_agent_by_email(client) -> None:
    """A head types an agent's e-mail; someone outside the library is not found."""
    library = LibraryFactory()
    head = MembershipFactory(role=Membership.Role.LIBRARY_HEAD, library=library).user
    agent = agent_make(library=library, email="julien.agent@example.org")
    outsider = agent_make(email="ailleurs@example.org")
    session = SessionFactory()
    client.force_login(head)
    url = reverse("workshops:register_person", args=[session.pk])
    assert "Inscrire cette personne" in page_text(
        client.get(reverse("workshops:session", args=[session.pk]))
    )
    response = client.post(url, {"email": "JULIEN.AGENT@example.org"}, follow=True)
    assert f"{agent} est inscrit·e." in page_text(response)
    assert Registration.objects.get(person=agent).registered_by == head
    response = client.post(url, {"email": outsider.email}, follow=True)
    assert "Personne dans vos bibliothèques ou communes" in page_text(response)
    response = client.post(url, {"email": "pas-une-adresse"}, follow=True)
    assert "Saisissez une adresse e-mail valide." in page_text(response)
    assert not Registration.objects.filter(person=outsider).exists()


def test_agents_cannot_register_others(client) -> None:
    """An agent gets a 403 on the register-someone action."""
    client.force_login(agent_make())
    response = client.post(
        reverse("workshops:register_person", args=[SessionFactory().pk]),
        {"email": "x@example.org"},
    )
    assert response.status_code == 403


def _person(role: str, session: Session):
    """A person of a given role with regard to the session."""
    if role == "trainer of the session":
        user = trainer_make()
        session.workshop.trainers.add(user)
        session.workshop.save()
        return user
    if role == "another trainer":
        return trainer_make()
    if role == "network team":
        return MembershipFactory(role=Membership.Role.NETWORK_TEAM, library=None).user
    if role == "head of the library":
        return MembershipFactory(role=Membership.Role.LIBRARY_HEAD, library=session.library).user
    return RegistrationFactory(session=session).person


@pytest.mark.parametrize(
    ("role", "roll_call", "sheet"),
    [
        ("trainer of the session", 200, 200),
        ("network team", 200, 200),
        ("head of the library", 403, 200),
        ("another trainer", 403, 403),
        ("registered agent", 403, 403),
    ],
)
def test_trainer_tools_by_role(client, role, roll_call, sheet) -> None:
    """Roll call for the trainers and the network; the sign-in sheet also for the library head."""
    session = session_now()
    client.force_login(_person(role, session))
    assert client.get(reverse("workshops:roll_call", args=[session.pk])).status_code == roll_call
    response = client.get(reverse("workshops:sign_in_sheet", args=[session.pk]))
    assert response.status_code == sheet
    if sheet == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")


def test_roll_call_by_the_page(client) -> None:
    """The trainer marks present/absent/excused on the roll call page."""
    trainer = trainer_make()
    session = session_now(workshop=WorkshopFactory(trainers=[trainer]))
    present, absent = RegistrationFactory(session=session), RegistrationFactory(session=session)
    client.force_login(trainer)
    url = reverse("workshops:roll_call", args=[session.pk])
    page = page_text(client.get(url))
    assert present.person.display_name in page
    assert "excusé·e" in page
    response = client.post(
        url,
        {f"attendance_{present.pk}": "present", f"attendance_{absent.pk}": "absent"},
        follow=True,
    )
    assert "L’appel est enregistré." in page_text(response)
    present.refresh_from_db()
    absent.refresh_from_db()
    assert (present.attendance, absent.attendance) == ("present", "absent")


def test_roll_call_with_a_bad_choice_saves_nothing(client) -> None:
    """An unknown choice is refused with a message; nothing is recorded."""
    trainer = trainer_make()
    session = session_now(workshop=WorkshopFactory(trainers=[trainer]))
    registration = RegistrationFactory(session=session)
    client.force_login(trainer)
    response = client.post(
        reverse("workshops:roll_call", args=[session.pk]),
        {f"attendance_{registration.pk}": "teleported"},
    )
    assert response.status_code == 200
    assert "L’appel n’a pas pu être enregistré" in page_text(response)
    registration.refresh_from_db()
    assert registration.attendance == "unmarked"


def test_roll_call_before_the_day_says_why(client) -> None:
    """Taking the roll call of next week's session is refused with a reason."""
    trainer = trainer_make()
    session = SessionFactory(workshop=WorkshopFactory(trainers=[trainer]))
    registration = RegistrationFactory(session=session)
    client.force_login(trainer)
    response = client.post(
        reverse("workshops:roll_call", args=[session.pk]),
        {f"attendance_{registration.pk}": "present"},
    )
    assert "à partir du jour de la séance" in page_text(response)


def test_validate_competence_by_the_page(client) -> None:
    """The trainer validates an observed competence for someone present."""
    trainer = trainer_make()
    workshop = WorkshopFactory(trainers=[trainer])
    WorkshopCompetence.objects.create(workshop=workshop, competence=digcomp("1.1"), level=2)
    session = session_now(workshop=workshop)
    registration = RegistrationFactory(session=session)
    client.force_login(trainer)
    client.post(
        reverse("workshops:roll_call", args=[session.pk]),
        {f"attendance_{registration.pk}": "present"},
    )
    url = reverse("workshops:validate_competence", args=[session.pk, registration.pk])
    response = client.post(url, {"competence": digcomp("1.1").pk, "level": "4"}, follow=True)
    assert "Compétence validée pour" in page_text(response)
    assert registration.validations.get().level == 4
    response = client.post(url, {"competence": digcomp("4.2").pk, "level": "4"}, follow=True)
    assert "Choisissez une compétence de cet atelier" in page_text(response)


def test_public_counts_by_the_page(client) -> None:
    """The trainer of a public session types numbers per kit, age band and autonomy."""
    trainer = trainer_make()
    kit = KitPageFactory(title="Lire la presse en ligne")
    session = session_now(
        workshop=WorkshopFactory(audience=Workshop.Audience.PUBLIC, trainers=[trainer], kits=[kit])
    )
    client.force_login(trainer)
    url = reverse("workshops:public_counts", args=[session.pk])
    page = page_text(client.get(url))
    assert "Lire la presse en ligne" in page
    assert "seniors (65 ans et plus)" in page
    response = client.post(
        url, {f"count_{kit.pk}_senior_accompanied": "4", "count_0_adult_partly": "2"}, follow=True
    )
    assert "Les comptages sont enregistrés." in page_text(response)
    assert sorted(PublicAttendanceCount.objects.values_list("count", flat=True)) == [2, 4]
    response = client.post(url, {f"count_{kit.pk}_senior_accompanied": "-3"})
    assert "Les comptages n’ont pas pu être enregistrés" in page_text(response)
    assert sorted(PublicAttendanceCount.objects.values_list("count", flat=True)) == [2, 4]
    # A staff session's roll call and a public session's counts route to each other.
    assert client.get(reverse("workshops:roll_call", args=[session.pk])).status_code == 302


def test_trainer_cancels_a_session_by_the_page(client, mailoutbox) -> None:
    """Cancelling asks for a reason and marks the session cancelled."""
    trainer = trainer_make()
    session = SessionFactory(workshop=WorkshopFactory(trainers=[trainer]))
    client.force_login(trainer)
    url = reverse("workshops:cancel_session", args=[session.pk])
    assert client.post(url, {"reason": ""}).status_code == 200  # the form again, with its error
    response = client.post(url, {"reason": "Salle indisponible."}, follow=True)
    assert "La séance est annulée" in page_text(response)
    session.refresh_from_db()
    assert (session.status, session.cancellation_reason) == ("cancelled", "Salle indisponible.")


def test_trainer_marks_a_session_completed(client) -> None:
    """The trainer closes a session after the roll call."""
    trainer = trainer_make()
    session = session_now(workshop=WorkshopFactory(trainers=[trainer]))
    client.force_login(trainer)
    client.post(reverse("workshops:complete_session", args=[session.pk]))
    session.refresh_from_db()
    assert session.status == Session.Status.COMPLETED


def test_trainer_list_shows_own_sessions_only(client) -> None:
    """A trainer's list holds the sessions of the workshops they train."""
    trainer = trainer_make()
    SessionFactory(workshop=WorkshopFactory(title="Mon atelier", trainers=[trainer]))
    SessionFactory(workshop=WorkshopFactory(title="Atelier d’une autre"))
    client.force_login(trainer)
    text = page_text(client.get(reverse("workshops:trainer_sessions")))
    assert "Mon atelier" in text
    assert "Atelier d’une autre" not in text


def test_my_space_shows_upcoming_sessions(client) -> None:
    """“Mon espace” lists the person's coming sessions, waitlisted ones marked."""
    person = UserFactory()
    RegistrationFactory(
        person=person, session=SessionFactory(workshop=WorkshopFactory(title="Presse"))
    )
    RegistrationFactory(
        person=person,
        session=SessionFactory(workshop=WorkshopFactory(title="Liseuse")),
        status="waitlisted",
    )
    RegistrationFactory(
        person=person,
        session=SessionFactory(workshop=WorkshopFactory(title="Annulée par moi")),
        status="cancelled",
    )
    client.force_login(person)
    text = page_text(client.get(reverse("accounts:my_space")))
    assert "Mes séances d’atelier" in text
    assert "Presse" in text
    assert "Liseuse" in text
    assert "liste d’attente" in text
    assert "Annulée par moi" not in text


def test_session_ics_download(client) -> None:
    """Each session's page offers its .ics file."""
    session = SessionFactory()
    response = client.get(reverse("workshops:session_ics", args=[session.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in response.content


def test_trainers_see_the_people_registered_to_their_sessions() -> None:
    """The trainer scope (organizations) covers their registrants, not other people."""
    trainer = trainer_make()
    session = SessionFactory(workshop=WorkshopFactory(trainers=[trainer]))
    registrant = RegistrationFactory(session=session).person
    stranger = RegistrationFactory().person
    visible = set(visible_people(trainer).values_list("pk", flat=True))
    assert registrant.pk in visible
    assert stranger.pk not in visible
    assert trainer.pk in visible


def test_roll_call_links_to_the_cycle_certificates(client) -> None:
    """A session of a cycle links its trainer to the certificates hand-over of that cycle."""
    trainer = trainer_make()
    session = session_now(workshop=WorkshopFactory(trainers=[trainer]))
    cycle = Cycle.objects.create(title="Cycle presse")
    cycle.sessions.set([session])
    cycle.save()
    client.force_login(trainer)
    page = page_text(client.get(reverse("workshops:roll_call", args=[session.pk])))
    assert f"/certificates/manage/?achievement=workshop-cycle%3A{cycle.pk}" in page
