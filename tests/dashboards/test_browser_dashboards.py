"""Dashboards in a real browser: the map of 95 communes, a click to a commune, axe-core."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from organizations.models import Membership
from tests.conftest import axe_violations
from tests.dashboards.conftest import user_with_role
from tests.dashboards.factories import (
    attendance_record,
    completion_record,
    digcomp,
    evidence_record,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
Role = Membership.Role


def _log_in(page, live_server, user) -> None:
    """Give the browser a session of `user`."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "url": live_server.url,
            }
        ]
    )


@pytest.fixture
def lived_in(network):
    """Levels, completions and attendance in both communes."""
    now = timezone.now()
    for library_people in network.agents.values():
        for index, person in enumerate(library_people):
            evidence_record(
                person, digcomp("1.1"), level=2 + index % 3, when=now - timedelta(days=35)
            )
            completion_record(person, when=now - timedelta(days=3))
            attendance_record(person, when=now - timedelta(days=40))
    return network


def test_map_shows_95_communes_and_a_click_opens_the_commune(page, live_server, lived_in):
    """The MEL map draws the 95 communes; clicking Lille opens Lille's dashboard."""
    _log_in(page, live_server, user_with_role(lived_in, Role.NETWORK_TEAM, "59350"))
    page.goto("/tableaux-de-bord/metropole/")
    assert page.locator("svg.dash-map path").count() == 95
    assert page.locator("svg.dash-map [data-insee]").count() == 95
    assert page.get_by_text("Contours : IGN – ADMIN EXPRESS COG 2018, Licence Ouverte").count() == 1
    assert axe_violations(page) == []
    page.locator('svg.dash-map a[data-insee="59350"]').click()
    page.wait_for_url("**/tableaux-de-bord/communes/59350/")
    assert "Lille" in page.get_by_role("heading", level=1).inner_text()
    assert axe_violations(page) == []


def test_map_can_be_used_with_the_keyboard(page, live_server, lived_in):
    """Communes are links in the tab order; Enter on one opens its dashboard."""
    _log_in(page, live_server, user_with_role(lived_in, Role.NETWORK_TEAM, "59350"))
    page.goto("/tableaux-de-bord/metropole/?indicateur=completions")
    link = page.get_by_role("link", name="Roubaix :")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/tableaux-de-bord/communes/59512/")


def test_coordinator_pages_and_export_progress_pass_axe(page, live_server, lived_in):
    """Commune (with named people), library and export pages have no serious axe violation."""
    coordinator = user_with_role(lived_in, Role.COMMUNE_COORDINATOR, "59350")
    _log_in(page, live_server, coordinator)
    page.goto("/tableaux-de-bord/")
    page.wait_for_url("**/tableaux-de-bord/communes/59350/")
    assert page.get_by_role("heading", name="Personnes", exact=True).count() == 1
    assert axe_violations(page) == []
    page.get_by_role("link", name=lived_in.libraries["59350"][0].name).first.click()
    page.wait_for_url("**/tableaux-de-bord/bibliotheques/**")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Exporter tout le tableau de bord (XLSX)").click()
    page.get_by_role("button", name="Préparer le fichier XLSX").click()
    page.wait_for_url("**/tableaux-de-bord/exports/**")
    page.get_by_role("link", name="Télécharger le fichier").wait_for()
    assert axe_violations(page) == []


def test_filters_change_the_figures_and_keep_the_page_accessible(page, live_server, lived_in):
    """Choosing a provenance and a competence reloads the MEL page with them applied."""
    _log_in(page, live_server, user_with_role(lived_in, Role.NETWORK_TEAM, "59512"))
    page.goto("/tableaux-de-bord/metropole/")
    page.get_by_label("Provenance", exact=True).select_option("in_person")
    page.get_by_label("Compétence", exact=True).select_option(
        label="1.1 " + digcomp("1.1").display_title
    )
    page.get_by_role("button", name="Appliquer").click()
    page.wait_for_url("**provenance=in_person**")
    assert "en présentiel" in page.content()
    assert axe_violations(page) == []
