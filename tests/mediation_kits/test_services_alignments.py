"""Skills alignment: a published kit's activity is aligned with the competences it serves."""

import pytest

from mediation_kits.selectors import kit_activity_iri, kit_competences
from mediation_kits.services import kit_alignments_sync
from skills.models import Competence
from skills.selectors import alignments_for
from tests.mediation_kits.factories import KitPageFactory, kit_publish

pytestmark = pytest.mark.django_db


def competence_blocks(*pairs: tuple[Competence, int]) -> list[dict]:
    """The raw competences StreamField data."""
    return [
        {"type": "competence", "value": {"competence": str(c.pk), "level": level}}
        for c, level in pairs
    ]


@pytest.fixture
def digcomp() -> dict[str, Competence]:
    """DigComp 2.2's competences (loaded by the skills migrations), by code."""
    found = {
        c.code: c
        for c in Competence.objects.filter(framework__code="digcomp", framework__is_current=True)
    }
    assert "1.1" in found
    assert "4.2" in found
    return found


def test_publishing_aligns_the_kit_activity(digcomp, django_capture_on_commit_callbacks) -> None:
    """On publish, the kit's activity IRI is aligned with its competences and levels."""
    kit = KitPageFactory(competences=competence_blocks((digcomp["1.1"], 2), (digcomp["4.2"], 3)))
    with django_capture_on_commit_callbacks(execute=True):
        kit_publish(kit)
    iri = kit_activity_iri(kit)
    assert iri.endswith(f"/xapi/activities/kit/{kit.pk}")
    aligned = {(a.competence.code, a.level) for a in alignments_for(iri)}
    assert aligned == {("1.1", 2), ("4.2", 3)}


def test_alignments_follow_the_published_competences(digcomp) -> None:
    """Removing a competence and syncing again replaces the kit's alignments."""
    kit = KitPageFactory(competences=competence_blocks((digcomp["1.1"], 2), (digcomp["4.2"], 3)))
    kit_alignments_sync(page=kit)
    kit.competences = competence_blocks((digcomp["4.2"], 4))
    kit_alignments_sync(page=kit)
    assert [(a.competence.code, a.level) for a in alignments_for(kit_activity_iri(kit))] == [
        ("4.2", 4)
    ]


def test_unknown_competences_are_skipped(digcomp) -> None:
    """A competence deleted since (or a bad value) is skipped, never an error."""
    kit = KitPageFactory(
        competences=[
            {"type": "competence", "value": {"competence": "999999", "level": 2}},
            {"type": "competence", "value": {"competence": str(digcomp["1.1"].pk), "level": 1}},
        ]
    )
    assert [(c.code, level) for c, level in kit_competences(kit)] == [("1.1", 1)]


def test_kit_page_lists_its_competences(client, digcomp) -> None:
    """The kit page shows the competences it serves, with their levels, in French."""
    kit = KitPageFactory(competences=competence_blocks((digcomp["1.1"], 2)))
    kit_publish(kit)
    html = client.get(kit.url).content.decode()
    assert "Compétences travaillées" in html
    assert "1.1" in html
    assert "niveau 2" in html
