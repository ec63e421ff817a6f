"""The sign-in sheet PDF: session details, names with a signature column, a blank version."""

import pytest

from tests.accounts.factories import UserFactory
from tests.pdf_helpers import pdf_fonts, pdf_is_tagged, pdf_page_count, pdf_text
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
