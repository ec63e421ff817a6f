"""The sign-in sheet PDF: session details, names with a signature column, a blank version."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.accounts.factories import UserFactory
from tests.pdf_helpers import pdf_fonts, pdf_is_tagged, pdf_page_count, pdf_page_size, pdf_text
from tests.workshops.factories import (
    RegistrationFactory,
    SessionFactory,
    WorkshopFactory,
    trainer_make,
)
from workshops.pdf import BLANK_LINES, sign_in_sheet_pdf
from workshops.selectors import session_registrations

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    """A session of “Découvrir la presse en ligne” run by Sophie Formatrice, three people in."""
    trainer = trainer_make(user=UserFactory(first_name="Sophie", last_name="Formatrice"))
    session = SessionFactory(
        workshop=WorkshopFactory(title="Découvrir la presse en ligne", trainers=[trainer]),
        room="Salle d’animation",
    )
    for first, last in [("Julien", "Agent"), ("Amandine", "Lefebvre"), ("Mehdi", "Benali")]:
        RegistrationFactory(session=session, person=UserFactory(first_name=first, last_name=last))
    RegistrationFactory(
        session=session,
        person=UserFactory(first_name="Zoé", last_name="Attente"),
        status="waitlisted",
    )
    return session


def test_sheet_lists_registered_people_with_a_signature_column(session) -> None:
    """The sheet names the workshop, date, place, trainer, and each confirmed person."""
    pdf = sign_in_sheet_pdf(session, session_registrations(session))
    text = pdf_text(pdf)
    assert "Feuille d’émargement" in text
    assert "Découvrir la presse en ligne" in text
    assert session.library.name in text
    assert "Salle d’animation" in text
    assert "Sophie Formatrice" in text
    assert "Signature" in text
    assert "Nom, prénom" in text
    for name in ("AGENT Julien", "LEFEBVRE Amandine", "BENALI Mehdi"):
        assert name in text
    assert "ATTENTE" not in text  # waitlisted people do not sign
    assert text.index("AGENT Julien") < text.index("BENALI Mehdi") < text.index("LEFEBVRE")
    assert "Inscrits" in text
    assert "3 / 10" in text
    assert pdf_page_count(pdf) == 1
    assert pdf_is_tagged(pdf)
    assert any("Atkinson" in font for font in pdf_fonts(pdf))


def test_blank_sheet_has_lines_for_walk_ins_and_no_names(session) -> None:
    """The blank version carries the session details and numbered empty lines only."""
    pdf = sign_in_sheet_pdf(session, session_registrations(session), blank=True)
    text = pdf_text(pdf)
    assert "personnes sans inscription" in text
    assert "Découvrir la presse en ligne" in text
    assert "Julien" not in text
    assert "AGENT" not in text
    assert str(BLANK_LINES) in text
    assert pdf_page_count(pdf) == 1


def _two_day_session(slot_count: int):
    """A session of `slot_count` half-days from Monday 2 March 2026, two people registered."""
    start = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))
    slots = []
    for index in range(slot_count):
        day = start + timedelta(days=index // 2)
        begins = day if index % 2 == 0 else day.replace(hour=14)
        slots.append((begins, begins + timedelta(hours=3)))
    session = SessionFactory(
        workshop=WorkshopFactory(title="Accompagner le prêt numérique"), slots=slots
    )
    for first, last in [("Julien", "Agent"), ("Mehdi", "Benali")]:
        RegistrationFactory(session=session, person=UserFactory(first_name=first, last_name=last))
    return session


@time_machine.travel(datetime(2026, 2, 20, 10, 0, tzinfo=UTC), tick=False)
def test_a_session_of_several_slots_has_one_signature_column_per_slot() -> None:
    """Morning and afternoon: two signature columns, each headed by its day and hours."""
    session = _two_day_session(2)
    text = pdf_text(sign_in_sheet_pdf(session, session_registrations(session)))
    assert text.count("Signature") == 2
    assert "lun 2 mars, 09:00–12:00" in text
    assert "lun 2 mars, 14:00–17:00" in text
    assert text.index("09:00–12:00") < text.index("14:00–17:00") < text.index("AGENT Julien")
    blank = pdf_text(sign_in_sheet_pdf(session, [], blank=True))
    assert blank.count("Signature") == 2


@time_machine.travel(datetime(2026, 2, 20, 10, 0, tzinfo=UTC), tick=False)
def test_four_slots_turn_the_page_to_landscape() -> None:
    """Two full days (four half-days): four columns, on a landscape A4 page."""
    session = _two_day_session(4)
    pdf = sign_in_sheet_pdf(session, session_registrations(session))
    text = pdf_text(pdf)
    assert text.count("Signature") == 4
    assert "mar 3 mars, 14:00–17:00" in text
    width, height = pdf_page_size(pdf)
    assert width > height
    assert pdf_page_count(pdf) == 1


def test_a_single_slot_keeps_one_portrait_signature_column(session) -> None:
    """The usual one-slot session: a single “Signature” column, portrait."""
    pdf = sign_in_sheet_pdf(session, session_registrations(session))
    assert pdf_text(pdf).count("Signature") == 1
    width, height = pdf_page_size(pdf)
    assert width < height
