"""Frameworks: DigComp 2.2 and CRCN from the bundled data, versions, the crosswalk."""

import pytest
from django.db import IntegrityError
from django.utils import translation

from skills.bundled import bundled_crosswalk
from skills.models import Competence, CrosswalkLink, Framework, Level
from skills.selectors import crosswalk_for, framework_current
from skills.services import frameworks_load
from tests.skills.factories import CompetenceFactory, crcn, digcomp

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "areas", "competences", "bands"),
    [
        ("digcomp", 5, 21, ["Foundation", "Intermediate", "Advanced", "Highly specialised"]),
        ("crcn", 5, 16, ["Novice", "Indépendant", "Avancé", "Expert"]),
    ],
)
def test_bundled_frameworks_are_loaded_by_the_migration(code, areas, competences, bands) -> None:
    """DigComp 2.2 has 5 areas and 21 competences, the CRCN 5 domains and 16; 8 levels each."""
    framework = framework_current(code)
    rows = Competence.objects.filter(framework=framework)
    assert rows.count() == competences
    assert rows.values("area_code").distinct().count() == areas
    levels = list(Level.objects.filter(framework=framework).order_by("number"))
    assert [level.number for level in levels] == list(range(1, 9))
    assert [level.band for level in levels[::2]] == bands
    assert framework.is_builtin
    assert framework.is_current


def test_loading_again_changes_nothing() -> None:
    """frameworks_load is idempotent: same rows, same ids."""
    before = list(Competence.objects.order_by("pk").values_list("pk", "code", "title"))
    links = CrosswalkLink.objects.count()
    assert frameworks_load() == 37
    assert list(Competence.objects.order_by("pk").values_list("pk", "code", "title")) == before
    assert CrosswalkLink.objects.count() == links


def test_digcomp_titles_are_shown_in_french_when_the_site_is() -> None:
    """The source wording is kept; the French one is shown in French."""
    competence = digcomp("2.5")
    assert competence.title == "Netiquette"
    with translation.override("fr"):
        assert competence.display_title == "Nétiquette"
        assert competence.display_area_title == "Communication et collaboration"
        assert Level.objects.get(framework=competence.framework, number=7).display_band == (
            "Hautement spécialisé"
        )
    with translation.override("en"):
        assert competence.display_title == "Netiquette"


def test_a_new_version_sits_beside_the_old_one() -> None:
    """DigComp 3.0 is a new framework row; 2.2 and its competences stay as they were."""
    old = framework_current("digcomp")
    old.is_current = False
    old.save()
    new = Framework.objects.create(code="digcomp", version="3.0", title="DigComp")
    CompetenceFactory(framework=new, code="1.1", title="Browsing, searching…")
    assert framework_current("digcomp") == new
    assert Competence.objects.filter(framework=old).count() == 21
    assert str(new) == "DigComp 3.0"
    assert str(old) == "DigComp 2.2"


def test_only_one_version_of_a_framework_is_current() -> None:
    """Two current versions of one code are refused."""
    with pytest.raises(IntegrityError):
        Framework.objects.create(code="digcomp", version="3.0", title="DigComp")


def test_crosswalk_covers_every_crcn_competence() -> None:
    """Each of the 16 CRCN competences maps to at least one DigComp 2.2 competence."""
    crcn_framework, digcomp_framework = framework_current("crcn"), framework_current("digcomp")
    mapped = set(
        CrosswalkLink.objects.filter(
            source__framework=crcn_framework, target__framework=digcomp_framework
        ).values_list("source__code", flat=True)
    )
    assert mapped == set(crcn_framework.competences.values_list("code", flat=True))
    assert len(mapped) == 16


def test_crosswalk_one_to_many_cases_are_the_documented_ones() -> None:
    """CRCN 1.1, 2.4, 3.3 and 4.3 split over several DigComp competences, as CROSSWALK.md says."""
    targets: dict[str, list[str]] = {}
    for link in bundled_crosswalk():
        targets.setdefault(link.source_code, []).append(link.target_code)
    one_to_many = {code: sorted(codes) for code, codes in targets.items() if len(codes) > 1}
    assert one_to_many == {
        "1.1": ["1.1", "1.2"],
        "2.4": ["2.3", "2.5", "2.6"],
        "3.3": ["3.2", "3.3"],
        "4.3": ["4.3", "4.4"],
    }
    links = crosswalk_for(crcn("2.4"))
    assert {link.relation for link in links} == {"partial"}
    assert all(link.note for link in links)
    unmapped = {"5.3", "5.4"}
    mapped = {target for codes in targets.values() for target in codes}
    assert set(
        framework_current("digcomp").competences.values_list("code", flat=True)
    ) - mapped == (unmapped)
