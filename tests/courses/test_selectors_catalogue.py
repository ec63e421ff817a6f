"""The catalogue: Wagtail search (database backend) and the filters."""

from __future__ import annotations

import pytest

from courses.selectors.catalogue import CatalogFilters, catalogue_competences, catalogue_paths
from tests.courses.factories import (
    LessonPageFactory,
    ModulePageFactory,
    catalog_page,
    path_with_lessons,
    target,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def paths(digcomp):
    """Three paths with different audiences, durations and targets."""
    ebooks = path_with_lessons(
        title="Emprunter un livre numérique",
        introduction="<p>Liseuses, tablettes et phrase secrète.</p>",
        estimated_duration_minutes=120,
        audience="agents",
    )
    press = path_with_lessons(
        title="La presse en ligne",
        introduction="<p>Quotidiens régionaux et magazines.</p>",
        estimated_duration_minutes=45,
        audience="everyone",
    )
    security = path_with_lessons(
        title="Sécurité numérique",
        introduction="<p>Mots de passe et hameçonnage.</p>",
        estimated_duration_minutes=240,
        audience="everyone",
    )
    target(ebooks, digcomp["5.2"], 3)
    target(press, digcomp["1.1"], 2)
    target(security, digcomp["4.2"], 3)
    target(security, digcomp["1.1"], 3)
    return {"ebooks": ebooks, "press": press, "security": security}


def _titles(**filters) -> list[str]:
    return [path.title for path in catalogue_paths(catalog_page(), CatalogFilters(**filters))]


def test_without_filters_every_published_path_is_listed(paths) -> None:
    """The catalogue lists its published paths in the editors' order."""
    assert _titles() == [
        "Emprunter un livre numérique",
        "La presse en ligne",
        "Sécurité numérique",
    ]


def test_unpublished_paths_are_not_listed(paths) -> None:
    """An unpublished path leaves the catalogue."""
    paths["press"].unpublish()
    assert "La presse en ligne" not in _titles()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("presse", ["La presse en ligne"]),
        ("liseuses", ["Emprunter un livre numérique"]),
        ("hameçonnage", ["Sécurité numérique"]),
        ("introuvable", []),
    ],
)
def test_search_looks_in_titles_and_introductions(paths, query, expected) -> None:
    """Full-text search finds paths by their title or introduction."""
    assert _titles(q=query) == expected


def test_search_finds_a_path_by_the_words_of_its_lessons(paths) -> None:
    """A word only present in a lesson finds the path that holds the lesson."""
    module = ModulePageFactory(parent=paths["press"])
    LessonPageFactory(
        parent=module,
        title="Vérifier une information",
        body=[{"type": "text", "value": "<p>Le publireportage se signale.</p>"}],
    )
    assert _titles(q="publireportage") == ["La presse en ligne"]


def test_filters_by_audience_and_duration(paths) -> None:
    """Audience and duration bands narrow the list."""
    assert _titles(audience="everyone") == ["La presse en ligne", "Sécurité numérique"]
    assert _titles(duration="short") == ["La presse en ligne"]
    assert _titles(duration="medium") == ["Emprunter un livre numérique"]
    assert _titles(duration="long") == ["Sécurité numérique"]
    assert _titles(audience="everyone", duration="long") == ["Sécurité numérique"]


def test_filters_by_competence_and_level(paths, digcomp) -> None:
    """A competence, a level, or both on the same target narrow the list."""
    assert _titles(competence_id=digcomp["1.1"].pk) == ["La presse en ligne", "Sécurité numérique"]
    assert _titles(level=3) == ["Emprunter un livre numérique", "Sécurité numérique"]
    assert _titles(competence_id=digcomp["1.1"].pk, level=3) == ["Sécurité numérique"]
    assert _titles(competence_id=digcomp["1.1"].pk, level=3, q="presse") == []


def test_competence_filter_offers_only_targeted_competences(paths, digcomp) -> None:
    """The competence list holds the competences some published path targets."""
    codes = {competence.code for competence in catalogue_competences()}
    assert codes == {"5.2", "1.1", "4.2"}


def test_catalogue_page_filters_from_the_query_string(client, paths) -> None:
    """The catalogue page reads its filters from the URL and ignores bad values."""
    catalog = catalog_page()
    page = client.get(catalog.url, {"q": "presse"}).content.decode()
    assert "La presse en ligne" in page
    assert "Sécurité numérique" not in page
    response = client.get(catalog.url, {"level": "douze", "duration": "<script>"})
    assert response.status_code == 200
    assert "Sécurité numérique" in response.content.decode()
