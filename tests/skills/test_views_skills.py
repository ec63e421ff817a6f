"""Views: "Mes compétences", a person's record (scoped), self-positioning, the home panel."""

import re

import pytest
from django.urls import reverse

from lrs.models import Statement
from lrs.vocabulary import Extension, Verb
from organizations.models import Membership
from skills import suggestions
from skills.models import SkillRecord
from skills.selectors import competence_iri
from skills.services import alignments_set, positioning_record
from skills.suggestions import NextStep
from tests.accounts.factories import UserFactory
from tests.organizations.factories import LibraryFactory, MembershipFactory
from tests.skills.factories import crcn, digcomp, exercise_iri, record

pytestmark = pytest.mark.django_db
Role = Membership.Role


@pytest.fixture
def no_providers(monkeypatch) -> None:
    """No app suggests next steps (as before courses registers one)."""
    monkeypatch.setattr(suggestions, "_providers", {})


@pytest.fixture
def learner():
    """A learner with online, certified and declared evidence."""
    user = UserFactory(first_name="Julien", last_name="Agent")
    alignments_set(activity_iri=exercise_iri(), items=[(digcomp("1.1"), 3)])
    record(user, iri=exercise_iri(), result={"success": True})
    record(
        user,
        iri=competence_iri(crcn("4.2")),
        verb=Verb.CERTIFIED,
        result={"success": True, "extensions": {Extension.LEVEL: 2}},
        provenance="certified",
    )
    from skills.selectors import framework_current

    positioning_record(
        user=user, framework=framework_current("digcomp"), answers={digcomp("1.1"): 4}
    )
    return user


def test_my_skills_requires_login(client) -> None:
    """Anonymous visitors are sent to the login page."""
    response = client.get(reverse("skills:my_skills"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_my_skills_shows_levels_per_area_with_provenance_date_and_declared(
    client, learner, no_providers
) -> None:
    """Each framework with a record is shown per area: level, band, provenance, date, declared."""
    client.force_login(learner)
    response = client.get(reverse("skills:my_skills"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Mes compétences</h1>" in html
    assert ">DigComp 2.2</h2>" in html
    assert ">CRCN 2019</h2>" in html
    assert "1. Maîtrise de l’information et des données" in html
    row = re.search(r"<th scope=\"row\">1\.1 Naviguer.*?</tr>", html, re.S).group()
    assert '3 <span class="badge">Intermédiaire</span>' in row
    assert "en ligne" in row
    assert '8 <span class="badge badge-warn">Hautement spécialisé</span>' in row
    assert "Pour progresser" not in html
    crcn_part = html.split(">CRCN 2019</h2>")[1]
    certified = re.search(r"<th scope=\"row\">4\.2 Protéger les données.*?</tr>", crcn_part, re.S)
    assert "certifié" in certified.group()


def test_my_skills_chart_is_an_accessible_svg_with_the_data_in_tables(
    client, learner, no_providers
) -> None:
    """One SVG per framework, named and described, with a bar per competence and no comma."""
    client.force_login(learner)
    html = client.get(reverse("skills:my_skills")).content.decode()
    charts = re.findall(r"<svg [^>]*role=\"img\"[^>]*>.*?</svg>", html, re.S)
    assert len(charts) == 2
    digcomp_chart = charts[0]
    title_id, desc_id = re.search(r'aria-labelledby="([^ "]+) ([^"]+)"', digcomp_chart).groups()
    assert f'<title id="{title_id}">Niveaux par compétence, DigComp 2.2</title>' in digcomp_chart
    assert f'<desc id="{desc_id}">Diagramme en barres' in digcomp_chart
    assert digcomp_chart.count('class="skills-chart-code"') == 21
    assert digcomp_chart.count('<rect class="skills-chart-bar"') == 2  # 1.1, and the legend
    assert digcomp_chart.count('<polygon class="skills-chart-declared"') == 2
    assert not re.search(r'(x|y|width)="\d+,\d', digcomp_chart)
    assert html.count("<table") == 10  # five areas in each framework


def test_next_steps_come_from_registered_providers(client, learner, monkeypatch) -> None:
    """A provider (courses) suggests what to do next; it receives the level to reach."""
    seen = []

    def provider(user, targets):
        seen.extend(targets)
        for target in targets:
            if target.competence_id == digcomp("1.1").pk:
                yield NextStep(target.competence_id, "Parcours : évaluer l’information", "/p/", 4)

    monkeypatch.setattr(suggestions, "_providers", {"test": provider})
    client.force_login(learner)
    html = client.get(reverse("skills:my_skills")).content.decode()
    assert "Pour progresser" in html
    assert '<a href="/p/">Parcours : évaluer l’information</a>' in html
    assert html.count('<th scope="col">Pour progresser</th>') == 5  # DigComp areas only
    assert "Pas encore de suggestion pour progresser sur ce référentiel." in html  # CRCN
    target = next(t for t in seen if t.competence_id == digcomp("1.1").pk)
    assert (target.current_level, target.next_level) == (3, 4)


def test_new_learner_sees_the_default_framework_and_an_invitation(client, no_providers) -> None:
    """Without evidence, DigComp 2.2 is shown with nothing reached yet."""
    client.force_login(UserFactory())
    html = client.get(reverse("skills:my_skills")).content.decode()
    assert ">DigComp 2.2</h2>" in html
    assert "CRCN" not in html
    assert html.count("pas encore") == 21
    assert reverse("skills:positioning") in html


def test_positioning_page_lists_every_competence_with_five_choices(client) -> None:
    """The questionnaire asks each of the 21 DigComp competences on the five-step scale."""
    client.force_login(UserFactory())
    html = client.get(reverse("skills:positioning")).content.decode()
    assert html.count("<fieldset") == 21
    assert html.count('type="radio"') == 105
    assert "Je sais le faire seul·e, pour les tâches courantes." in html
    assert "CRCN 2019" in html


def test_positioning_post_records_statements_and_redirects(client) -> None:
    """Answering records one statement per answer, then shows the record."""
    user = UserFactory()
    client.force_login(user)
    field = f"competence_{digcomp('2.1').pk}"
    response = client.post(
        reverse("skills:positioning"), {"referentiel": "digcomp", field: "3"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("skills:my_skills")
    assert "Votre auto-positionnement sur DigComp 2.2 est enregistré" in response.content.decode()
    assert Statement.objects.filter(user=user, verb_iri=Verb.SELF_ASSESSED).count() == 1
    assert SkillRecord.objects.get(user=user).declared_level == 6
    again = client.get(reverse("skills:positioning")).content.decode()
    assert re.search(rf'name="{field}" value="3"[^>]*checked', again)


def test_positioning_without_answer_or_with_bad_value_shows_a_french_error(client) -> None:
    """No answer, or a forged value, re-shows the form with a message; nothing is recorded."""
    user = UserFactory()
    client.force_login(user)
    empty = client.post(reverse("skills:positioning"), {"referentiel": "digcomp"})
    assert empty.status_code == 200
    assert "Répondez au moins à une question" in empty.content.decode()
    forged = client.post(reverse("skills:positioning"), {f"competence_{digcomp('1.1').pk}": "12"})
    assert forged.status_code == 200
    assert "Sélectionnez un choix valide" in forged.content.decode()
    assert not Statement.objects.filter(user=user).exists()


def test_unknown_framework_falls_back_to_the_default_with_a_message(client) -> None:
    """?referentiel=unknown shows DigComp 2.2 and says so, never a 500."""
    client.force_login(UserFactory())
    response = client.get(reverse("skills:positioning") + "?referentiel=inconnu")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ce référentiel n’existe pas" in html
    assert "Auto-positionnement sur DigComp 2.2" in html
    crcn_page = client.get(reverse("skills:positioning") + "?referentiel=crcn").content.decode()
    assert crcn_page.count("<fieldset") == 16


def test_home_panel_summarises_the_record(client, learner) -> None:
    """ "Mon espace" counts proven and declared competences and links to the record."""
    client.force_login(learner)
    html = client.get(reverse("accounts:my_space")).content.decode()
    assert "Vous avez prouvé un niveau sur 2 compétences." in html
    assert "Vous vous êtes positionné·e sur 1 compétence." in html
    assert reverse("skills:my_skills") in html


@pytest.fixture
def network():
    """Two communes' libraries, an agent in each, and one user per role in the first."""
    library_a, library_b = LibraryFactory(), LibraryFactory()
    agent_a = MembershipFactory(library=library_a).user
    agent_b = MembershipFactory(library=library_b).user
    roles = {
        Role.NETWORK_TEAM: MembershipFactory(role=Role.NETWORK_TEAM, library=None).user,
        Role.COMMUNE_COORDINATOR: MembershipFactory(
            role=Role.COMMUNE_COORDINATOR, library=None, commune=library_a.commune
        ).user,
        Role.LIBRARY_HEAD: MembershipFactory(role=Role.LIBRARY_HEAD, library=library_a).user,
        Role.TRAINER: MembershipFactory(role=Role.TRAINER, library=library_a).user,
        Role.AGENT: MembershipFactory(role=Role.AGENT, library=library_a).user,
    }
    return {"a": agent_a, "b": agent_b, "roles": roles}


@pytest.mark.parametrize(
    ("role", "sees_a", "sees_b"),
    [
        (Role.NETWORK_TEAM, True, True),
        (Role.COMMUNE_COORDINATOR, True, False),
        (Role.LIBRARY_HEAD, True, False),
        (Role.TRAINER, False, False),
        (Role.AGENT, False, False),
    ],
)
def test_a_person_record_is_visible_only_within_scope(client, network, role, sees_a, sees_b):
    """Another person's record follows the organisation scopes; outside them it is a 404."""
    client.force_login(network["roles"][role])
    for key, expected in (("a", sees_a), ("b", sees_b)):
        person = network[key]
        response = client.get(reverse("skills:person_skills", args=[person.pk]))
        assert response.status_code == (200 if expected else 404), (role, key)
        if expected:
            assert f"Compétences de {person.display_name}" in response.content.decode()
    own = client.get(reverse("skills:person_skills", args=[network["roles"][role].pk]))
    assert own.status_code == 200
