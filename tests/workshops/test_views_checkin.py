"""QR self check-in through the web: the trainer's screen and JSON, the agent's scan."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.workshops.factories import (
    RegistrationFactory,
    SessionFactory,
    WorkshopFactory,
    session_now,
)
from workshops.checkin import checkin_token_make
from workshops.models import Registration, Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(trainer):
    """A staff session happening now."""
    return session_now(workshop=WorkshopFactory(trainers=[trainer]))


def check_in_path(session, token: str | None = None) -> str:
    """The check-in URL of the current code (or of a given token)."""
    return reverse("workshops:check_in", args=[session.pk, token or checkin_token_make(session.pk)])


def test_trainer_screen_shows_a_code_that_checks_in(client, session, trainer) -> None:
    """The screen's code is a URL of this site that an agent can open to check in."""
    client.force_login(trainer)
    page = client.get(reverse("workshops:checkin_screen", args=[session.pk]))
    assert page.status_code == 200
    assert "Scannez pour pointer" in page.content.decode()
    code = client.get(reverse("workshops:checkin_qr", args=[session.pk])).json()
    assert code["qr"].startswith("data:image/svg+xml")
    assert 0 < code["refresh_in"] <= 30
    assert code["url"].startswith("http://testserver/ateliers/seances/")
    agent = UserFactory()
    client.force_login(agent)
    path = code["url"].removeprefix("http://testserver")
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 200
    assert Registration.objects.get(session=session, person=agent).attendance == "present"


@pytest.mark.parametrize("name", ["checkin_screen", "checkin_qr", "checkin_people"])
def test_only_trainers_see_the_screen_and_its_data(client, session, name) -> None:
    """An agent, even registered, cannot display the code or the list."""
    registration = RegistrationFactory(session=session)
    client.force_login(registration.person)
    assert client.get(reverse(f"workshops:{name}", args=[session.pk])).status_code == 403


def test_live_list_shows_who_checked_in(client, session, trainer) -> None:
    """After a check-in, the JSON list polled by the screen names the person."""
    agent = UserFactory(first_name="Julien", last_name="Agent")
    client.force_login(agent)
    client.post(check_in_path(session))
    client.force_login(trainer)
    people = client.get(reverse("workshops:checkin_people", args=[session.pk])).json()
    assert people["count"] == 1
    assert people["people"][0]["name"] == "Julien Agent"


def test_confirm_page_then_check_in(client, session) -> None:
    """Opening the URL asks for confirmation; only the POST records the presence."""
    agent = UserFactory()
    client.force_login(agent)
    page = client.get(check_in_path(session))
    assert "Je suis présent·e" in page.content.decode()
    assert not Registration.objects.filter(person=agent).exists()
    done = client.post(check_in_path(session))
    assert "Votre présence est enregistrée" in done.content.decode()
    registration = Registration.objects.get(person=agent)
    assert (registration.attendance, registration.attendance_method) == ("present", "qr")


def test_an_expired_code_is_refused_in_french(client, session) -> None:
    """A code older than a minute is refused with a clear French message, nothing recorded."""
    token = checkin_token_make(session.pk)
    agent = UserFactory()
    client.force_login(agent)
    with time_machine.travel(timezone.now() + timedelta(seconds=95)):
        response = client.post(check_in_path(session, token))
    assert response.status_code == 400
    assert "Ce code de pointage a expiré" in response.content.decode()
    assert not Registration.objects.filter(person=agent).exists()


def test_a_forged_code_is_refused(client, session) -> None:
    """A tampered code is refused."""
    token = checkin_token_make(session.pk)
    client.force_login(UserFactory())
    response = client.post(check_in_path(session, token[:-2] + "xx"))
    assert response.status_code == 400
    assert "n’est pas valide" in response.content.decode()
    assert not Registration.objects.exists()


def test_a_code_of_another_session_is_refused(client, session, trainer) -> None:
    """The code of one session does not check in to another."""
    other = session_now(workshop=WorkshopFactory(trainers=[trainer]))
    client.force_login(UserFactory())
    path = reverse("workshops:check_in", args=[session.pk, checkin_token_make(other.pk)])
    response = client.post(path)
    assert response.status_code == 400
    assert "une autre séance" in response.content.decode()


def test_nobody_checks_in_someone_else(client, session) -> None:
    """Whatever the form says, the check-in is for the person logged in, and only them."""
    registered = RegistrationFactory(session=session)
    intruder = UserFactory()
    client.force_login(intruder)
    client.post(
        check_in_path(session),
        {
            "person": registered.person_id,
            "user": registered.person_id,
            "registration": registered.pk,
        },
    )
    registered.refresh_from_db()
    assert registered.attendance == Registration.Attendance.UNMARKED
    assert Registration.objects.get(person=intruder).attendance == "present"


def test_a_person_who_must_log_in_first_keeps_their_scan(client, session) -> None:
    """Scanned while logged out: log in, come back after the code rotated, still checked in."""
    path = check_in_path(session)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    agent = UserFactory()
    client.force_login(agent)
    with time_machine.travel(timezone.now() + timedelta(minutes=3)):
        assert client.get(path).status_code == 200
        assert client.post(path).status_code == 200
    assert Registration.objects.get(person=agent).attendance == "present"


def test_a_logged_out_scan_of_a_bad_code_is_refused_before_login(client, session) -> None:
    """A forged code is refused even before logging in (no pass is granted)."""
    response = client.get(check_in_path(session, "forged:code"))
    assert response.status_code == 400


def test_check_in_outside_the_session_hours_is_refused(client, trainer) -> None:
    """Checking in long after the session ended is refused with a reason."""
    start = timezone.now() - timedelta(hours=6)
    session = SessionFactory(
        workshop=WorkshopFactory(trainers=[trainer]), slots=[(start, start + timedelta(hours=2))]
    )
    client.force_login(UserFactory())
    response = client.post(check_in_path(session))
    assert response.status_code == 400
    assert "une heure avant" in response.content.decode()


def test_public_sessions_have_no_check_in_screen(client, trainer) -> None:
    """A public session keeps no names: its trainer is sent to the counts instead."""
    session = session_now(
        workshop=WorkshopFactory(audience=Workshop.Audience.PUBLIC, trainers=[trainer])
    )
    client.force_login(trainer)
    response = client.get(reverse("workshops:checkin_screen", args=[session.pk]))
    assert response["Location"] == reverse("workshops:public_counts", args=[session.pk])
    client.force_login(UserFactory())
    response = client.post(check_in_path(session))
    assert response.status_code == 400
    assert not Registration.objects.exists()
