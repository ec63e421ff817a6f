"""The learner's journey in headless Chromium: enroll, read, answer H5P, continue, finish."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from courses.activities import lesson_iri, path_iri
from courses.models import Enrollment, LessonPage
from lrs.models import Statement
from lrs.vocabulary import Verb
from organizations.models import Membership
from tests.accounts.factories import PASSWORD
from tests.conftest import axe_violations
from tests.courses.factories import (
    LessonPageFactory,
    ModulePageFactory,
    TrainingPathPageFactory,
    catalog_page,
    h5p_lesson,
)
from tests.h5p.factories import import_package, shared_package
from tests.organizations.factories import MembershipFactory
from tests.polling import wait_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CORRECT = "Very dark purple"  # the right answer of multiple-choice.h5p
LONG_TEXT = "".join(
    f"<p>Paragraphe {n} : l'usager choisit son application de lecture, puis se connecte.</p>"
    for n in range(60)
)


def log_in(page, email: str) -> None:
    """Log in through the form."""
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/compte/mon-espace/")


def _journey_path(content):
    """A path: a long lesson to read, an H5P lesson, then a short last lesson."""
    path = TrainingPathPageFactory(
        parent=catalog_page(), title="Accompagner un usager pour emprunter un livre numérique"
    )
    first = ModulePageFactory(parent=path, title="Comprendre le prêt numérique")
    reading = LessonPageFactory(
        parent=first,
        title="Comment fonctionne le prêt",
        body=[{"type": "text", "value": LONG_TEXT}],
    )
    quiz = h5p_lesson(first, content, threshold=100)
    second = ModulePageFactory(parent=path, title="Accompagner pas à pas")
    last = LessonPageFactory(parent=second, title="Préparer l'usager")
    return path, reading, quiz, last


def test_agent_enrolls_reads_answers_continues_and_finishes(page) -> None:
    """The whole journey, with axe-core on the catalogue, the path, a lesson and Mon espace."""
    content = import_package(shared_package("multiple-choice.h5p"))
    path, reading, quiz, last = _journey_path(content)
    agent = MembershipFactory(role=Membership.Role.AGENT).user
    log_in(page, agent.email)

    page.goto(catalog_page().url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Parcours de formation")
    assert axe_violations(page) == []
    page.get_by_role("link", name=path.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(path.title)
    assert axe_violations(page) == []

    page.get_by_role("button", name="M’inscrire à ce parcours").click()
    expect(page.get_by_role("status")).to_contain_text("Vous êtes inscrit")
    assert Enrollment.objects.filter(user=agent, path=path).exists()
    page.get_by_role("link", name="Commencer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(reading.title)
    assert axe_violations(page) == []

    # Reaching the end of the lesson records it (IntersectionObserver, no click).
    status = page.locator("#lesson-status")
    expect(status).not_to_have_text("Cette leçon est terminée.")
    page.locator("#lesson-end").scroll_into_view_if_needed()
    expect(status).to_have_text("Cette leçon est terminée.")
    assert Statement.objects.filter(
        user=agent, verb_iri=Verb.EXPERIENCED, activity_iri=lesson_iri(reading.pk)
    ).exists()

    page.get_by_role("link", name="Leçon suivante").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(quiz.title)
    player = page.frame_locator("iframe[data-h5p-player]")
    player.get_by_role("radio", name=CORRECT).click()
    # The frame grows while H5P lays its content out, so a mouse click could land where the
    # button was a moment before (1 run in 4 lost the answer); a key goes to the button.
    player.get_by_role("button", name="Check").press("Enter")
    wait_for(
        lambda: Statement.objects.filter(
            user=agent, verb_iri=Verb.COMPLETED, activity_iri=lesson_iri(quiz.pk)
        ).exists()
    )
    # The player told the page: its status changes without a reload.
    expect(page.locator("#lesson-status")).to_have_text("Cette leçon est terminée.")
    expect(page.locator("[data-lesson-badge]")).to_have_text("Terminée")

    # Come back later: Mon espace → Continue leads to the first unfinished lesson.
    page.goto("/compte/mon-espace/")
    panel = page.locator(".home-paths")
    expect(panel).to_contain_text("En cours")
    expect(panel.locator("progress")).to_have_attribute("value", "66")
    panel.get_by_role("link", name=f"Continuer : {path.title}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(last.title)

    # The last lesson is short: its end is in view at once, which finishes the path.
    expect(page.locator("#lesson-status")).to_have_text("Cette leçon est terminée.")
    wait_for(lambda: Enrollment.objects.get(user=agent, path=path).is_completed)
    assert Statement.objects.filter(
        user=agent, verb_iri=Verb.COMPLETED, activity_iri=path_iri(path.pk)
    ).exists()

    page.goto("/compte/mon-espace/")
    panel = page.locator(".home-paths")
    expect(panel).to_contain_text("Aucun parcours en cours.")
    completed = panel.locator("li", has_text=path.title)
    expect(completed).to_contain_text("Terminé le")
    expect(completed.get_by_role("link", name="Télécharger l’attestation (PDF)")).to_be_visible()
    assert axe_violations(page) == []


def test_lesson_read_button_works_with_the_keyboard_and_without_javascript(
    browser, live_server
) -> None:
    """Without JavaScript, Tab reaches the "read" button and Enter records the lesson."""
    from courses.services import enrollment_create

    path = TrainingPathPageFactory(parent=catalog_page(), title="Sécurité numérique")
    module = ModulePageFactory(parent=path)
    first = LessonPageFactory(parent=module, title="Des mots de passe solides")
    second = LessonPageFactory(parent=module, title="La double authentification")
    agent = MembershipFactory(role=Membership.Role.AGENT).user
    enrollment_create(user=agent, path=path)
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", java_script_enabled=False
    )
    page = context.new_page()
    log_in(page, agent.email)
    page.goto(LessonPage.objects.get(pk=first.pk).url)
    for _press in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "J’ai lu cette leçon":
            break
    else:
        raise AssertionError("the read button is not reachable with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{second.url}")
    expect(page.get_by_role("heading", level=1)).to_have_text(second.title)
    assert Statement.objects.filter(
        user=agent, verb_iri=Verb.EXPERIENCED, activity_iri=lesson_iri(first.pk)
    ).exists()
    context.close()
