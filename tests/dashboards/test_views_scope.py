"""Scopes: nobody sees a dashboard or export outside their scope; the network team sees no names."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from organizations.models import Membership
from tests.dashboards.conftest import COMMUNES, user_with_role
from tests.dashboards.factories import completion_record, digcomp, evidence_record

pytestmark = pytest.mark.django_db
Role = Membership.Role
ROLES = [Role.AGENT, Role.TRAINER, Role.LIBRARY_HEAD, Role.COMMUNE_COORDINATOR, Role.NETWORK_TEAM]
TABLES = {
    "metropole": ["communes", "tendances", "niveaux"],
    "commune": ["bibliotheques", "niveaux", "progression", "ateliers-publics", "personnes"],
    "bibliotheque": ["niveaux", "progression", "ateliers-publics", "personnes"],
}


@pytest.fixture
def activity(network):
    """Some evidence and completions in every library."""
    now = timezone.now()
    for people in network.agents.values():
        for index, person in enumerate(people):
            evidence_record(
                person, digcomp("1.1"), level=1 + index % 4, when=now - timedelta(days=31)
            )
            completion_record(person, when=now - timedelta(days=2))
    return network


def _targets(network, code: str) -> list[tuple[str, str, str]]:
    """(dashboard, place key, page URL) of every dashboard around commune `code`."""
    other = next(item for item in COMMUNES if item != code)
    own, sibling = network.libraries[code]
    far = network.libraries[other][0]
    return [
        ("metropole", "", reverse("dashboards:metropolis")),
        ("commune", code, reverse("dashboards:commune", args=[code])),
        ("commune", other, reverse("dashboards:commune", args=[other])),
        ("bibliotheque", str(own.pk), reverse("dashboards:library", args=[own.pk])),
        ("bibliotheque", str(sibling.pk), reverse("dashboards:library", args=[sibling.pk])),
        ("bibliotheque", str(far.pk), reverse("dashboards:library", args=[far.pk])),
    ]


def _allowed(network, role: str, code: str, dashboard: str, place: str) -> bool:
    """The rule: network team everything; coordinator their commune; head their library."""
    if role == Role.NETWORK_TEAM:
        return True
    if dashboard == "commune":
        return role == Role.COMMUNE_COORDINATOR and place == code
    if dashboard == "bibliotheque":
        library = next(
            lib for libs in network.libraries.values() for lib in libs if str(lib.pk) == place
        )
        if role == Role.COMMUNE_COORDINATOR:
            return library.commune.insee_code == code
        return role == Role.LIBRARY_HEAD and library.pk == network.libraries[code][0].pk
    return False


def _names_expected(network, role: str, code: str, dashboard: str, place: str) -> set[str]:
    """The agents' names a user must see on a page (empty for the network team)."""
    if role == Role.COMMUNE_COORDINATOR and dashboard == "commune":
        libraries = network.libraries[place]
    elif role in (Role.COMMUNE_COORDINATOR, Role.LIBRARY_HEAD) and dashboard == "bibliotheque":
        libraries = [
            lib for libs in network.libraries.values() for lib in libs if str(lib.pk) == place
        ]
    else:
        return set()
    return {person.first_name for library in libraries for person in network.agents[library.pk]}


def _export_url(dashboard: str, place: str, table: str, file_format: str) -> str:
    if dashboard == "metropole":
        return reverse("dashboards:metropolis_export", args=[table, file_format])
    if dashboard == "commune":
        return reverse("dashboards:commune_export", args=[place, table, file_format])
    return reverse("dashboards:library_export", args=[int(place), table, file_format])


@pytest.mark.parametrize("code", COMMUNES)
@pytest.mark.parametrize("role", ROLES)
def test_dashboards_and_exports_stay_within_scope(client, activity, role, code):
    """Each role opens exactly the dashboards and exports of its scope; names only if entitled."""
    network = activity
    user = user_with_role(network, role, code)
    client.force_login(user)
    everyone = {person.first_name for people in network.agents.values() for person in people}
    for dashboard, place, url in _targets(network, code):
        allowed = _allowed(network, role, code, dashboard, place)
        response = client.get(url)
        assert response.status_code == (200 if allowed else 403), (role, code, url)
        if not allowed:
            continue
        page = response.content.decode()
        expected = _names_expected(network, role, code, dashboard, place)
        assert {name for name in everyone if name in page} == expected, (role, url)
        for table in TABLES[dashboard]:
            response = client.get(_export_url(dashboard, place, table, "csv"))
            if table == "personnes" and not expected:
                assert response.status_code == 403, (role, url, table)
                continue
            assert response.status_code == 200, (role, url, table)
            content = response.content.decode("utf-8-sig")
            assert {name for name in everyone if name in content} <= expected
            if table == "personnes":
                assert {name for name in everyone if name in content} == expected


@pytest.mark.parametrize("code", COMMUNES)
@pytest.mark.parametrize("role", ROLES)
def test_exports_outside_the_scope_are_refused(client, network, role, code):
    """Downloads, large-export requests and the whole-dashboard export obey the same scope."""
    user = user_with_role(network, role, code)
    client.force_login(user)
    for dashboard, place, _url in _targets(network, code):
        allowed = _allowed(network, role, code, dashboard, place)
        table = TABLES[dashboard][0]
        for file_format in ("csv", "xlsx"):
            response = client.get(_export_url(dashboard, place, table, file_format))
            assert response.status_code == (200 if allowed else 403)
        response = client.post(
            reverse("dashboards:export_request"),
            {
                "dashboard": dashboard,
                "place": place,
                "table": "tout",
                "format": "xlsx",
                "query": "",
            },
        )
        assert response.status_code == (302 if allowed else 403)


def test_anonymous_visitors_are_sent_to_the_login_page(client, network):
    """Dashboards and exports need a login."""
    for url in (
        reverse("dashboards:index"),
        reverse("dashboards:metropolis"),
        reverse("dashboards:commune", args=["59350"]),
        reverse("dashboards:metropolis_export", args=["communes", "csv"]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        (Role.AGENT, False),
        (Role.TRAINER, False),
        (Role.LIBRARY_HEAD, True),
        (Role.COMMUNE_COORDINATOR, True),
        (Role.NETWORK_TEAM, True),
    ],
)
def test_main_navigation_links_to_dashboards_when_the_scope_allows(client, network, role, shown):
    """The "Tableaux de bord" link appears for the network team, coordinators and library heads."""
    client.force_login(user_with_role(network, role, "59350"))
    page = client.get(reverse("accounts:my_space")).content.decode()
    assert (f'href="{reverse("dashboards:index")}"' in page) is shown


def test_index_sends_each_user_to_their_dashboard(client, network):
    """Network team → MEL; one commune → that commune; one library → that library."""
    cases = [
        (Role.NETWORK_TEAM, reverse("dashboards:metropolis")),
        (Role.COMMUNE_COORDINATOR, reverse("dashboards:commune", args=["59512"])),
        (Role.LIBRARY_HEAD, reverse("dashboards:library", args=[network.libraries["59512"][0].pk])),
    ]
    for role, target in cases:
        client.force_login(user_with_role(network, role, "59512"))
        assert client.get(reverse("dashboards:index"))["Location"] == target
    client.force_login(user_with_role(network, Role.AGENT, "59512"))
    assert client.get(reverse("dashboards:index")).status_code == 403


@pytest.mark.parametrize(
    ("role", "linked"),
    [(Role.LIBRARY_HEAD, False), (Role.COMMUNE_COORDINATOR, True), (Role.NETWORK_TEAM, True)],
)
def test_library_breadcrumb_links_to_the_commune_only_when_it_opens(client, network, role, linked):
    """A library head sees the commune's name unlinked (its dashboard would be a 403)."""
    user = user_with_role(network, role, "59350")
    client.force_login(user)
    library = network.libraries["59350"][0]
    page = client.get(reverse("dashboards:library", args=[library.pk])).content.decode()
    commune_url = reverse("dashboards:commune", args=["59350"])
    assert (f'href="{commune_url}"' in page) is linked
    assert library.commune.name in page
    assert (client.get(commune_url).status_code == 200) is linked
