"""Kits in a real browser: accessibility of the catalogue and a kit page, downloading a PDF."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD, UserFactory
from tests.conftest import axe_violations
from tests.mediation_kits.factories import (
    KitPageFactory,
    call_to_action,
    faq,
    kit_publish,
    needs,
    step,
)
from tests.pdf_helpers import pdf_text

# serialized_rollback: the data migrations (site, root page, frameworks) survive the flushes.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def kit():
    """A published kit with every kind of block."""
    kit = KitPageFactory(
        title="Lire la presse en ligne",
        body=[
            needs("Votre carte de bibliothèque", "Une tablette"),
            step("Ouvrir la presse en ligne", note_kind="tip", note="Ajoutez-la à vos favoris."),
            step("Trouver son journal", note_kind="warning", note="La carte doit être valide."),
            call_to_action("Ouvrir la presse", link_key="connexion"),
            faq(("Faut-il payer ?", "Non, c'est compris dans l'inscription.")),
        ],
    )
    kit_publish(kit)
    return kit


def log_in(page) -> None:
    """Log in through the form as a library agent."""
    UserFactory(email="agent@example.org")
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse e-mail").fill("agent@example.org")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/compte/mon-espace/")


def test_catalogue_passes_axe_and_filters(page, kit) -> None:
    """The catalogue has no serious axe violation, and its filters work by keyboard and mouse."""
    page.goto("/kits/")
    assert page.get_by_role("heading", level=1).inner_text() == "Kits de médiation"
    assert axe_violations(page) == []
    page.get_by_label("Public").select_option("seniors")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url("**/kits/?*audience=seniors*")
    expect(page.get_by_text("0 kit")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Public").select_option("beginners")
    page.get_by_label("Rechercher", exact=True).fill("journal")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("link", name="Lire la presse en ligne").click()
    page.wait_for_url(f"**{kit.url}")


def test_kit_page_passes_axe_for_visitors_and_agents(page, kit) -> None:
    """A kit page has no serious axe violation, with and without the report forms."""
    page.goto(kit.url)
    assert page.get_by_role("heading", level=1).inner_text() == "Lire la presse en ligne"
    assert axe_violations(page) == []
    log_in(page)
    page.goto(kit.url)
    page.get_by_text("L’écran a changé ?").first.click()
    assert axe_violations(page) == []


def test_agent_reports_a_changed_screen(page, kit) -> None:
    """An agent opens the report under a step, describes the change and is thanked."""
    log_in(page)
    page.goto(kit.url)
    step_two = page.locator(".kit-step").nth(1)
    step_two.get_by_text("L’écran a changé ?").click()
    step_two.get_by_label("Qu’est-ce qui a changé ? (facultatif)").fill(
        "Le bouton a changé de place."
    )
    step_two.get_by_role("button", name="Prévenir les rédacteurs").click()
    expect(page.get_by_text("Merci : les rédacteurs vont vérifier cette étape.")).to_be_visible()


@pytest.mark.parametrize(("label", "variant"), [("Fiche A4", "a4"), ("Livret A5", "booklet")])
def test_download_a_kit_pdf_from_the_kit_page(page, kit, tmp_path: Path, label, variant) -> None:
    """Clicking a download button saves the kit's PDF, with its steps inside."""
    page.goto(kit.url)
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile(label)).click()
    download = info.value
    assert download.suggested_filename == f"{kit.slug}-{variant}.pdf"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    text = pdf_text(target.read_bytes())
    assert "Ouvrir la presse en ligne" in text
    assert "Trouver son journal" in text
