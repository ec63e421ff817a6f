"""The names other apps rely on: alignments_set, alignments_for, competence_iri, snapshots."""

import pytest
from django.core.exceptions import ValidationError

from skills.models import Alignment
from skills.selectors import (
    alignments_for,
    competence_iri,
    competences_for_iris,
    competences_snapshot,
)
from skills.services import alignments_set
from tests.skills.factories import crcn, digcomp, exercise_iri

pytestmark = pytest.mark.django_db


def test_alignments_set_replaces_an_activity_alignments() -> None:
    """Setting alignments twice keeps only the second set, with updated levels."""
    iri = exercise_iri("path-12")
    alignments_set(activity_iri=iri, items=[(digcomp("1.1"), 2), (digcomp("1.2"), 3)])
    result = alignments_set(activity_iri=iri, items=[(digcomp("1.2"), 4), (crcn("1.1"), 2)])
    assert {(row.competence.code, row.level) for row in result} == {("1.2", 4), ("1.1", 2)}
    rows = alignments_for(iri)
    assert {(row.competence.framework.code, row.competence.code, row.level) for row in rows} == {
        ("digcomp", "1.2", 4),
        ("crcn", "1.1", 2),
    }
    assert Alignment.objects.filter(activity_iri=iri).count() == 2


@pytest.mark.parametrize(
    ("items", "message"),
    [
        pytest.param([("1.1", 9)], "en dehors de 1 à 8", id="level-too-high"),
        pytest.param([("1.1", 0)], "en dehors de 1 à 8", id="level-zero"),
        pytest.param([("1.1", 2), ("1.1", 3)], "apparaît deux fois", id="duplicate"),
    ],
)
def test_alignments_set_refuses_bad_items(items, message) -> None:
    """Levels outside the framework's scale and duplicate competences are refused."""
    with pytest.raises(ValidationError, match=message):
        alignments_set(
            activity_iri=exercise_iri(),
            items=[(digcomp(code), level) for code, level in items],
        )
    assert not Alignment.objects.exists()


def test_competence_iri_is_stable_and_resolves_back() -> None:
    """A competence IRI names framework, version and code; it resolves to the competence."""
    iri = competence_iri(digcomp("4.2"))
    assert iri.endswith("/xapi/activities/competence/digcomp/2.2/4.2")
    assert competences_for_iris([iri, exercise_iri(), iri + "/x"]) == {iri: digcomp("4.2")}


def test_competences_snapshot_gives_frozen_facts_for_certificates() -> None:
    """The snapshot carries framework label, code, title and level."""
    iri = exercise_iri("path-3")
    alignments_set(activity_iri=iri, items=[(digcomp("1.1"), 3)])
    assert competences_snapshot(iri) == [
        {
            "framework": "DigComp 2.2",
            "code": "1.1",
            "title": "Naviguer, rechercher et filtrer des données, des informations et des "
            "contenus numériques",
            "level": 3,
        }
    ]
