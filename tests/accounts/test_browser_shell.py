"""The site shell in a real browser: accessibility, keyboard, mobile width, login."""

import pytest
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD, UserFactory
from tests.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("path", ["/", "/compte/connexion/", "/compte/mot-de-passe/oubli/"])
def test_public_pages_pass_axe(page, path: str) -> None:
    """axe-core finds no serious or critical WCAG 2.1 AA violation on public pages."""
    page.goto(path)
    assert page.locator("main#main").count() == 1
    assert page.locator("header[role=banner], header").count() >= 1
    assert axe_violations(page) == []


def test_skip_link_is_the_first_stop_and_visible(page) -> None:
    """The first Tab reaches the skip link, which shows itself and leads to the content."""
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    box = page.locator(".skip-link").bounding_box()
    assert box is not None
    assert box["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_mobile_width_has_no_horizontal_scroll(browser, live_server) -> None:
    """At 360 px wide the pages fit the screen and the menu stays reachable."""
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 360, "height": 740}
    )
    page = context.new_page()
    for path in ["/", "/compte/connexion/"]:
        page.goto(path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} overflows by {overflow}px"
        expect(page.get_by_role("navigation", name="Menu principal")).to_be_visible()
    context.close()


def test_login_by_form_reaches_my_space_in_french_then_english(page) -> None:
    """A person logs in with e-mail and password, lands on Mon espace, switches to English."""
    UserFactory(email="agent@example.org", first_name="Julien", last_name="Agent")
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse e-mail").fill("agent@example.org")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/compte/mon-espace/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mon espace"
    assert axe_violations(page) == []
    page.get_by_label("Langue").select_option("en")
    page.get_by_role("button", name="Changer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My space")
