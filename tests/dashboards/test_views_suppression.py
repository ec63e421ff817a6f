"""Suppression on the pages: "< 5" for small figures, and nothing to be had by difference."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from organizations.models import Membership
from tests.dashboards.conftest import user_with_role
from tests.dashboards.factories import agent_at, completion_record, digcomp, evidence_record
from tests.dashboards.html_tables import page_tables

pytestmark = pytest.mark.django_db
Role = Membership.Role


def _row(table: list[list[str]], label: str) -> list[str]:
    return next(row for row in table if row[0].startswith(label))


def test_small_level_cells_show_as_fewer_than_five_and_by_difference_too(client, network):
    """5 at level 2, 1 at level 3 among 6 agents: level 3 is "< 5", so level 2 is withheld too."""
    library = network.libraries["59350"][0]
    people = network.agents[library.pk]
    now = timezone.now() - timedelta(days=3)
    for person in people[:5]:
        evidence_record(person, digcomp("1.1"), level=2, when=now)
    evidence_record(people[5], digcomp("1.1"), level=3, when=now)
    client.force_login(user_with_role(network, Role.NETWORK_TEAM, "59350"))
    tables = page_tables(
        client.get(reverse("dashboards:library", args=[library.pk])).content.decode()
    )
    header = tables["niveaux"][0]
    row = _row(tables["niveaux"], "1.1 ")
    cell = dict(zip(header, row, strict=True))
    assert cell["Agents"] == "6"
    assert cell["Niveau 3"] == "< 5"
    assert cell["Aucun niveau"] == "< 5"
    assert cell["Niveau 2"] == "s", "6 agents minus a shown 5 would single out the sixth"


def test_a_small_library_cannot_be_worked_out_from_its_commune(client, network):
    """3 completers in one library, 6 in the other: the commune total would give the 3 away."""
    first, second = network.libraries["59350"]
    when = timezone.now() - timedelta(days=1)
    for person in network.agents[first.pk][:3]:
        completion_record(person, when=when)
    for person in network.agents[second.pk][:6]:
        completion_record(person, when=when)
    client.force_login(user_with_role(network, Role.NETWORK_TEAM, "59350"))
    tables = page_tables(client.get(reverse("dashboards:commune", args=["59350"])).content.decode())
    libraries = tables["bibliotheques"]
    completions = libraries[0].index("Parcours terminés")
    small = _row(libraries, first.name)[completions]
    other = _row(libraries, second.name)[completions]
    whole = _row(libraries, "Toute la commune")[completions]
    assert small == "< 5"
    assert other == "6"
    assert whole == "s", "9 − 6 would give the small library's 3 completions"
    month = tables["progression"][-1]
    assert month[1] == "s"


def test_the_mel_total_is_withheld_when_a_single_commune_is_small(client, network):
    """Lille 9 completers, Roubaix 2 this month: the MEL figure would give Roubaix's away."""
    when = timezone.now() - timedelta(hours=2)
    for library in network.libraries["59350"]:
        for person in network.agents[library.pk][:5]:
            completion_record(person, when=when)
    for person in network.agents[network.libraries["59512"][0].pk][:2]:
        completion_record(person, when=when)
    client.force_login(user_with_role(network, Role.NETWORK_TEAM, "59350"))
    tables = page_tables(client.get(reverse("dashboards:metropolis")).content.decode())
    communes = tables["communes"]
    completions = communes[0].index("Parcours terminés")
    assert _row(communes, "Lille")[completions] == "10"
    assert _row(communes, "Roubaix")[completions] == "< 5"
    this_month = tables["tendances"][-1]
    assert this_month[1] == "s"


def test_withheld_months_keep_the_period_total_withheld(client, network):
    """A month of 2 completers hides the library's total over any period that contains it."""
    library = network.libraries["59512"][1]
    for person in network.agents[library.pk][:2]:
        completion_record(person, when=timezone.now() - timedelta(days=62))
    client.force_login(user_with_role(network, Role.COMMUNE_COORDINATOR, "59512"))
    response = client.get(reverse("dashboards:library", args=[library.pk]))
    progress = page_tables(response.content.decode())["progression"]
    assert all(row[1] == "< 5" for row in progress[1:])


def test_share_at_level_is_withheld_when_the_rest_is_small(client, network):
    """Among 8 agents with 6 at level 4+, the share would show that 2 are below: withheld."""
    library = network.libraries["59512"][0]
    for person in network.agents[library.pk]:
        evidence_record(person, digcomp("1.1"), level=4, when=timezone.now() - timedelta(days=5))
    agent_at(library)
    agent_at(library)
    client.force_login(user_with_role(network, Role.NETWORK_TEAM, "59512"))
    tables = page_tables(client.get(reverse("dashboards:commune", args=["59512"])).content.decode())
    libraries = tables["bibliotheques"]
    share = next(index for index, label in enumerate(libraries[0]) if label.startswith("Part"))
    assert _row(libraries, library.name)[1] == "8"
    assert _row(libraries, library.name)[share] in {"s", "< 5"}


def test_the_network_team_never_sees_names_even_in_exports(client, network):
    """Aggregates only: no people table, no people export for the network team."""
    for library in network.libraries["59350"]:
        for person in network.agents[library.pk]:
            completion_record(person, when=timezone.now())
    client.force_login(user_with_role(network, Role.NETWORK_TEAM, "59350"))
    page = client.get(reverse("dashboards:commune", args=["59350"])).content.decode()
    assert "personnes" not in page_tables(page)
    response = client.get(reverse("dashboards:commune_export", args=["59350", "personnes", "csv"]))
    assert response.status_code == 403


def test_a_period_total_over_a_withheld_month_shows_only_what_the_shown_months_give(
    client, network
):
    """5 completers one month and 1 another: the library's total reads "≥ 5", never 6."""
    library = network.libraries["59512"][1]
    people = network.agents[library.pk]
    for person in people[:5]:
        completion_record(person, when=timezone.now() - timedelta(days=62))
    completion_record(people[5], when=timezone.now() - timedelta(days=3))
    client.force_login(user_with_role(network, Role.COMMUNE_COORDINATOR, "59512"))
    tables = page_tables(client.get(reverse("dashboards:commune", args=["59512"])).content.decode())
    libraries = tables["bibliotheques"]
    column = libraries[0].index("Parcours terminés")
    assert _row(libraries, library.name)[column] == "≥ 5"
    progress = page_tables(
        client.get(reverse("dashboards:library", args=[library.pk])).content.decode()
    )["progression"]
    months = [row[1] for row in progress[1:]]
    assert "5" in months
    assert "< 5" in months
