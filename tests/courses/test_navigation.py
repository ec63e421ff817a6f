"""The main navigation links to the catalogues wherever editors put them in the page tree."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.courses.factories import TrainingCatalogPageFactory, site_root
from tests.mediation_kits.factories import KitIndexPageFactory

pytestmark = pytest.mark.django_db


def _nav_links(html: str) -> dict[str, str]:
    """Link text → href in the main navigation."""
    nav = re.search(r'<nav class="main-nav".*?</nav>', html, re.S).group(0)
    return {text.strip(): href for href, text in re.findall(r'<a href="([^"]*)">([^<]*)</a>', nav)}


def test_nav_follows_the_catalogue_pages_slugs(client):
    """Catalogues published at other slugs are linked at their real URLs."""
    TrainingCatalogPageFactory(parent=site_root(), title="Formations", slug="formations")
    KitIndexPageFactory(slug="fiches-mediation")
    links = _nav_links(client.get(reverse("home")).content.decode())
    assert links["Parcours"] == "/formations/"
    assert links["Kits de médiation"] == "/fiches-mediation/"


def test_nav_leaves_out_catalogues_that_are_not_published(client):
    """No dead link: an unpublished catalogue is not in the navigation."""
    catalogue = TrainingCatalogPageFactory(parent=site_root(), slug="formations")
    catalogue.unpublish()
    links = _nav_links(client.get(reverse("home")).content.decode())
    assert "Parcours" not in links
    assert "Kits de médiation" not in links
    assert links["Ateliers"] == reverse("workshops:agenda")
