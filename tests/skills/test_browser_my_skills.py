"""In a real browser: the demo agent's "Mes compétences" and the questionnaire pass axe-core."""

import pytest
from playwright.sync_api import expect

from tests.conftest import axe_violations
from tests.skills.test_demo import seed_skills_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in_as_demo_agent(page) -> None:
    """Log in through the form with the demo agent's published credentials."""
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse e-mail").fill("agent@demo.example.org")
    page.get_by_label("Mot de passe").fill("demo-agent")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/compte/mon-espace/")


def test_demo_agent_my_skills_passes_axe(page) -> None:
    """The record with its chart and tables has no serious or critical axe violation."""
    seed_skills_demo()
    log_in_as_demo_agent(page)
    page.get_by_role("link", name="Voir mes compétences").click()
    page.wait_for_url("**/competences/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mes compétences"
    chart = page.get_by_role("img", name="Niveaux par compétence, DigComp 2.2")
    expect(chart).to_be_visible()
    table = page.get_by_role("table", name="1. Maîtrise de l’information et des données").first
    assert "en ligne" in table.inner_text()
    assert axe_violations(page) == []


def test_questionnaire_passes_axe_and_records_a_take(page) -> None:
    """The questionnaire is keyboard- and screen-reader-usable, and a take shows on the record."""
    seed_skills_demo()
    log_in_as_demo_agent(page)
    page.goto("/competences/positionnement/")
    assert axe_violations(page) == []
    group = page.get_by_role(
        "group", name="5.3 Utiliser les technologies numériques de façon créative"
    )
    group.get_by_label("Je sais le faire dans des situations variées").check()
    page.get_by_role("button", name="Enregistrer mon auto-positionnement").click()
    page.wait_for_url("**/competences/")
    assert "Votre auto-positionnement sur DigComp 2.2 est enregistré" in page.content()
    row = page.get_by_role("row", name="5.3 Utiliser les technologies numériques de façon créative")
    assert "6" in row.inner_text()
