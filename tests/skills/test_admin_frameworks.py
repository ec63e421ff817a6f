"""Wagtail admin: editors create our own framework; bundled ones and evidence are protected."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from skills.models import Competence, Framework
from skills.selectors import competence_iri, framework_current
from tests.accounts.factories import UserFactory
from tests.skills.factories import CompetenceFactory, LevelFactory, record

pytestmark = pytest.mark.django_db
URLS = "wagtailsnippets_skills_framework"


@pytest.fixture
def editor(client):
    """A logged-in Wagtail administrator."""
    user = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(user)
    return user


def framework_form(**overrides) -> dict:
    """The admin form of "Médiation des ressources de la BNM" with two levels, two competences."""
    data = {
        "title": "Médiation des ressources de la BNM",
        "code": "mediation-bnm",
        "version": "1.0",
        "is_current": "on",
        "description": "Accompagner les usagers dans les ressources numériques du réseau.",
        "source": "Équipe réseau de la MEL",
        "levels": inline_formset(
            [
                {"number": "1", "band": "Découverte", "description": ""},
                {"number": "2", "band": "Autonomie", "description": ""},
            ]
        ),
        "competences": inline_formset(
            [
                {
                    "area_code": "A",
                    "area_title": "Ressources en ligne",
                    "code": "A.1",
                    "title": "Présenter la presse en ligne",
                    "description": "",
                },
                {
                    "area_code": "A",
                    "area_title": "Ressources en ligne",
                    "code": "A.2",
                    "title": "Accompagner l’emprunt de livres numériques",
                    "description": "",
                },
            ]
        ),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_editor_creates_our_own_framework_with_levels_and_competences(client, editor) -> None:
    """The snippet form saves the framework, its levels and its competences inline."""
    response = client.post(reverse(f"{URLS}:add"), framework_form())
    assert response.status_code == 302, response.content.decode()[:2000]
    framework = Framework.objects.get(code="mediation-bnm")
    assert not framework.is_builtin
    assert list(framework.levels.order_by("number").values_list("band", flat=True)) == [
        "Découverte",
        "Autonomie",
    ]
    assert set(framework.competences.values_list("code", flat=True)) == {"A.1", "A.2"}
    assert str(framework) == "Médiation des ressources de la BNM 1.0"


def test_invalid_framework_code_is_refused_with_a_message(client, editor) -> None:
    """A code with spaces is refused on the form, nothing saved."""
    response = client.post(reverse(f"{URLS}:add"), framework_form(code="Médiation BNM"))
    assert response.status_code == 200
    assert "Utilisez des minuscules" in response.content.decode()
    assert not Framework.objects.filter(title__startswith="Médiation").exists()


def test_bundled_frameworks_can_be_inspected_not_edited_or_deleted(client, editor) -> None:
    """DigComp 2.2 opens read-only; its edit and delete views are forbidden."""
    digcomp = framework_current("digcomp")
    assert client.get(reverse(f"{URLS}:list")).status_code == 200
    assert client.get(reverse(f"{URLS}:inspect", args=[digcomp.pk])).status_code == 200
    assert client.get(reverse(f"{URLS}:edit", args=[digcomp.pk])).status_code in {302, 403}
    assert client.post(reverse(f"{URLS}:delete", args=[digcomp.pk])).status_code in {302, 403}
    assert Framework.objects.filter(pk=digcomp.pk).exists()


def test_a_competence_with_evidence_cannot_be_removed_or_renamed(client, editor) -> None:
    """Removing a competence that holds evidence, or changing its code, is refused."""
    competence = CompetenceFactory(code="A.1", framework__code="mediation-bnm")
    framework = competence.framework
    LevelFactory(framework=framework, number=1)
    LevelFactory(framework=framework, number=2)
    from lrs.vocabulary import Extension, Verb

    record(
        UserFactory(),
        iri=competence_iri(competence),
        verb=Verb.MASTERED,
        result={"success": True, "extensions": {Extension.LEVEL: 2}},
        provenance="in_person",
    )
    levels = [
        {"id": level.pk, "number": str(level.number), "band": level.band, "description": ""}
        for level in framework.levels.order_by("number")
    ]
    base = {
        "title": framework.title,
        "code": framework.code,
        "version": framework.version,
        "is_current": "on",
        "description": "",
        "source": "",
        "levels": inline_formset(levels, initial=2),
    }
    item = {
        "id": competence.pk,
        "area_code": "1",
        "area_title": "Domaine 1",
        "code": "A.1",
        "title": competence.title,
        "description": "",
    }
    removed = nested_form_data(
        {**base, "competences": inline_formset([{**item, "DELETE": "1"}], initial=1)}
    )
    response = client.post(reverse(f"{URLS}:edit", args=[framework.pk]), removed)
    assert response.status_code == 200
    assert "a des preuves et ne peut pas être supprimée" in response.content.decode()
    renamed = nested_form_data(
        {**base, "competences": inline_formset([{**item, "code": "B.1"}], initial=1)}
    )
    response = client.post(reverse(f"{URLS}:edit", args=[framework.pk]), renamed)
    assert "son code ne peut pas changer" in response.content.decode()
    recoded = nested_form_data(
        {**base, "code": "autre", "competences": inline_formset([item], initial=1)}
    )
    response = client.post(reverse(f"{URLS}:edit", args=[framework.pk]), recoded)
    assert "ne peut pas changer" in response.content.decode()
    assert Competence.objects.get(pk=competence.pk).code == "A.1"
    assert Framework.objects.get(pk=framework.pk).code == "mediation-bnm"
    assert client.post(reverse(f"{URLS}:delete", args=[framework.pk])).status_code in {302, 403}
    assert Framework.objects.filter(pk=framework.pk).exists()
