"""In a real browser: QR check-in end to end, the roll call on a phone, axe-core on the pages."""

import io
from datetime import timedelta

import pytest
import zxingcpp
from django.conf import settings
from django.test import Client
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from skills.services import frameworks_load
from tests.accounts.factories import UserFactory
from tests.conftest import axe_violations
from tests.skills.factories import digcomp
from tests.workshops.factories import (
    RegistrationFactory,
    SessionFactory,
    WorkshopFactory,
    session_now,
    trainer_make,
)
from workshops.formatting import slot_short_text
from workshops.models import Registration, Workshop, WorkshopCompetence

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(context, user, live_server) -> None:
    """Give a browser context the session cookie of a logged-in user."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


@pytest.fixture
def trainer():
    """Sophie, a trainer."""
    return trainer_make(user=UserFactory(first_name="Sophie", last_name="Formatrice"))


@pytest.fixture
def session(trainer):
    """A staff session happening now, serving DigComp 1.1, with two people registered."""
    frameworks_load()  # transactional tests empty the tables the data migrations filled
    workshop = WorkshopFactory(title="Découvrir la presse en ligne", trainers=[trainer])
    WorkshopCompetence.objects.create(workshop=workshop, competence=digcomp("1.1"), level=3)
    session = session_now(workshop=workshop)
    for first, last in [("Amandine", "Lefebvre"), ("Mehdi", "Benali")]:
        RegistrationFactory(session=session, person=UserFactory(first_name=first, last_name=last))
    return session


def test_agent_checks_in_by_the_qr_url_and_the_live_list_shows_them(
    page, browser, live_server, trainer, session
) -> None:
    """The trainer's screen shows a QR code; an agent opens its URL, confirms; the list updates."""
    log_in(page.context, trainer, live_server)
    page.goto(f"/ateliers/seances/{session.pk}/pointage/")
    expect(page.get_by_role("heading", name="Scannez pour pointer")).to_be_visible()
    expect(page.locator("#checkin-empty")).to_be_visible()
    url = page.locator("#checkin-url").get_attribute("href")
    assert url.startswith(f"{live_server.url}/ateliers/seances/{session.pk}/pointer/")
    shot = Image.open(io.BytesIO(page.locator("#checkin-qr").screenshot()))
    assert [code.text for code in zxingcpp.read_barcodes(shot)] == [url]
    assert axe_violations(page) == []

    agent = UserFactory(first_name="Julien", last_name="Agent")
    phone = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 390, "height": 844}
    )
    log_in(phone, agent, live_server)
    agent_page = phone.new_page()
    agent_page.goto(url)
    agent_page.get_by_role("button", name="Je suis présent·e").click()
    expect(agent_page.get_by_role("heading", name="Votre présence est enregistrée")).to_be_visible()
    phone.close()

    page.locator("#checkin-list").get_by_text("Julien Agent").wait_for(timeout=15_000)
    expect(page.locator("#checkin-count")).to_have_text("1")
    expect(page.locator("#checkin-empty")).to_be_hidden()
    registration = Registration.objects.get(session=session, person=agent)
    assert (registration.attendance, registration.attendance_method) == ("present", "qr")

    # Opened again, the screen keeps the list the server drew: the polls (every 3 s) leave
    # it in place instead of redrawing it, which would read it out again to screen readers.
    page.reload()
    drawn = page.locator("#checkin-list li").first.element_handle()
    for _poll in range(2):  # the first poll's answer is handled by the time the second comes
        with page.expect_response("**/pointage/presents.json"):
            pass
    assert drawn.evaluate("item => item.isConnected")


def test_roll_call_on_a_phone(browser, live_server, trainer, session) -> None:
    """At 360 px the roll call fits the screen; tapping choices and saving records them."""
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 360, "height": 740}
    )
    log_in(context, trainer, live_server)
    page = context.new_page()
    page.goto(f"/ateliers/seances/{session.pk}/appel/")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert axe_violations(page) == []
    page.get_by_role("group", name="Amandine Lefebvre").get_by_label("présent·e").check()
    page.get_by_role("group", name="Mehdi Benali").get_by_label("excusé·e").check()
    page.get_by_role("button", name="Enregistrer l’appel").click()
    expect(page.get_by_text("L’appel est enregistré.")).to_be_visible()
    statuses = dict(
        Registration.objects.filter(session=session).values_list("person__first_name", "attendance")
    )
    assert statuses == {"Amandine": "present", "Mehdi": "excused"}
    assert axe_violations(page) == []  # with the validation forms now shown
    context.close()


def test_agenda_and_session_pages_pass_axe(page, live_server, session) -> None:
    """The agenda (with filters) and a session page have no serious accessibility violation."""
    later = SessionFactory(workshop=WorkshopFactory(title="Accompagner un usager sur liseuse"))
    page.goto("/ateliers/")
    assert page.get_by_role("heading", level=1).inner_text() == "Agenda des ateliers"
    assert axe_violations(page) == []
    page.get_by_label("Public").select_option("staff")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url("**/ateliers/?*audience=staff*")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Découvrir la presse en ligne").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Découvrir la presse en ligne")
    assert axe_violations(page) == []
    agent = UserFactory()
    log_in(page.context, agent, live_server)
    page.goto(f"/ateliers/seances/{later.pk}/")
    assert axe_violations(page) == []
    page.get_by_role("button", name="M’inscrire").click()
    expect(page.get_by_text("Votre inscription est confirmée")).to_be_visible()
    assert axe_violations(page) == []


def test_public_counts_page_passes_axe(page, live_server, trainer) -> None:
    """The counts form of a public session is accessible, and saves what is typed."""
    session = session_now(
        workshop=WorkshopFactory(audience=Workshop.Audience.PUBLIC, trainers=[trainer])
    )
    log_in(page.context, trainer, live_server)
    page.goto(f"/ateliers/seances/{session.pk}/comptage/")
    assert axe_violations(page) == []
    page.get_by_label("seniors (65 ans et plus), accompagné").fill("3")
    page.get_by_role("button", name="Enregistrer les comptages").click()
    expect(page.get_by_text("Les comptages sont enregistrés.")).to_be_visible()
    assert list(session.public_counts.values_list("count", flat=True)) == [3]


def test_roll_call_of_a_session_of_two_slots_on_a_phone(browser, live_server, trainer) -> None:
    """Two half-days: a group per person holds a group per slot; it fits 360 px, axe is clean."""
    now = timezone.now().replace(microsecond=0)
    morning = (now - timedelta(hours=4), now - timedelta(hours=1))
    afternoon = (now, now + timedelta(hours=2))
    session = SessionFactory(
        workshop=WorkshopFactory(title="Accompagner le prêt numérique", trainers=[trainer]),
        slots=[morning, afternoon],
    )
    RegistrationFactory(
        session=session, person=UserFactory(first_name="Amandine", last_name="Lefebvre")
    )
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 360, "height": 740}
    )
    log_in(context, trainer, live_server)
    page = context.new_page()
    page.goto(f"/ateliers/seances/{session.pk}/appel/")
    assert (
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        <= 0
    )
    assert axe_violations(page) == []
    person = page.get_by_role("group", name="Amandine Lefebvre")
    person.get_by_role("group", name=slot_short_text(*morning)).get_by_label("présent·e").check()
    person.get_by_role("group", name=slot_short_text(*afternoon)).get_by_label("absent·e").check()
    page.get_by_role("button", name="Enregistrer l’appel").click()
    expect(page.get_by_text("L’appel est enregistré.")).to_be_visible()
    registration = Registration.objects.get(session=session)
    assert registration.attendance == "present"
    assert sorted(registration.slot_marks.values_list("attendance", flat=True)) == [
        "absent",
        "present",
    ]
    assert axe_violations(page) == []
    context.close()
