"""Role scopes: nobody sees a commune, library or person outside their scope."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from organizations import scopes
from organizations.models import Commune, Library, Membership
from organizations.selectors import (
    can_see_commune,
    can_see_library,
    visible_communes,
    visible_libraries,
    visible_people,
)
from tests.accounts.factories import UserFactory
from tests.organizations.factories import LibraryFactory, MembershipFactory

Role = Membership.Role
ALL_ROLES = list(Role.values)
COMMUNES = ["59350", "59512"]  # Lille, Roubaix


@dataclass
class Network:
    """Two communes, two libraries each, one agent per library."""

    communes: dict[str, Commune]
    libraries: dict[str, list[Library]]
    agents: dict[int, object]


@pytest.fixture
def network(db) -> Network:
    """Build the two-commune network."""
    communes = {code: Commune.objects.get(insee_code=code) for code in COMMUNES}
    libraries = {code: LibraryFactory.create_batch(2, commune=communes[code]) for code in COMMUNES}
    agents = {}
    for code in COMMUNES:
        for library in libraries[code]:
            agents[library.pk] = MembershipFactory(library=library, role=Role.AGENT).user
    return Network(communes, libraries, agents)


def make_user_with_role(network: Network, role: str, code: str):
    """A user holding `role` in commune `code` (at its first library for library roles)."""
    user = UserFactory()
    if role in Membership.LIBRARY_ROLES:
        Membership.objects.create(user=user, role=role, library=network.libraries[code][0])
    elif role == Role.COMMUNE_COORDINATOR:
        Membership.objects.create(user=user, role=role, commune=network.communes[code])
    else:
        Membership.objects.create(user=user, role=role)
    return user


def expected_scope(network: Network, role: str, code: str, user) -> tuple[set, set, set]:
    """The communes, libraries and people the rules of selectors.py give."""
    everyone = set(get_user_model().objects.values_list("pk", flat=True))
    own_libraries = network.libraries[code]
    if role == Role.NETWORK_TEAM:
        return (
            set(Commune.objects.values_list("pk", flat=True)),
            set(Library.objects.values_list("pk", flat=True)),
            everyone,
        )
    if role == Role.COMMUNE_COORDINATOR:
        libs = {library.pk for library in own_libraries}
        people = {user.pk} | {network.agents[pk].pk for pk in libs}
        return {network.communes[code].pk}, libs, people
    if role == Role.LIBRARY_HEAD:
        first = own_libraries[0].pk
        return set(), {first}, {user.pk, network.agents[first].pk}
    return set(), set(), {user.pk}


@pytest.mark.parametrize("code", COMMUNES)
@pytest.mark.parametrize("role", ALL_ROLES)
def test_scope_matches_role_rules(network: Network, role: str, code: str) -> None:
    """Each role sees exactly the communes, libraries and people its rule gives."""
    user = make_user_with_role(network, role, code)
    communes, libraries, people = expected_scope(network, role, code, user)
    assert set(visible_communes(user).values_list("pk", flat=True)) == communes
    assert set(visible_libraries(user).values_list("pk", flat=True)) == libraries
    assert set(visible_people(user).values_list("pk", flat=True)) == people


@pytest.mark.parametrize("code", COMMUNES)
@pytest.mark.parametrize("role", ALL_ROLES)
def test_nobody_but_the_network_sees_the_other_commune(
    network: Network, role: str, code: str
) -> None:
    """Outside the network team, the other commune, its libraries and agents stay hidden."""
    user = make_user_with_role(network, role, code)
    other = next(c for c in COMMUNES if c != code)
    other_libraries = network.libraries[other]
    sees_other = role == Role.NETWORK_TEAM
    assert can_see_commune(user, network.communes[other]) is sees_other
    for library in other_libraries:
        assert can_see_library(user, library) is sees_other
        agent = network.agents[library.pk]
        assert visible_people(user).filter(pk=agent.pk).exists() is sees_other


def test_anonymous_sees_nothing(network: Network) -> None:
    """An anonymous visitor has an empty scope."""
    anonymous = AnonymousUser()
    assert not visible_communes(anonymous).exists()
    assert not visible_libraries(anonymous).exists()
    assert not visible_people(anonymous).exists()


def test_superuser_sees_everything(network: Network) -> None:
    """A superuser without membership has the network team's scope."""
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert visible_communes(admin).count() == Commune.objects.count()
    assert visible_people(admin).count() == get_user_model().objects.count()


def test_trainer_sees_people_from_registered_sources(network: Network) -> None:
    """A trainer also sees the people a registered source (their registrants) gives."""
    trainer = make_user_with_role(network, Role.TRAINER, "59350")
    registrant = network.agents[network.libraries["59512"][1].pk]
    scopes.register_trainer_people_source(
        "test", lambda user: get_user_model().objects.filter(pk=registrant.pk).values("pk")
    )
    try:
        people = set(visible_people(trainer).values_list("pk", flat=True))
    finally:
        scopes._trainer_people_sources.pop("test")
    assert people == {trainer.pk, registrant.pk}


def test_scopes_union_several_memberships(network: Network) -> None:
    """A head of one library who coordinates the other commune sees both scopes."""
    user = make_user_with_role(network, Role.LIBRARY_HEAD, "59350")
    Membership.objects.create(
        user=user, role=Role.COMMUNE_COORDINATOR, commune=network.communes["59512"]
    )
    libraries = set(visible_libraries(user).values_list("pk", flat=True))
    assert libraries == {network.libraries["59350"][0].pk} | {
        library.pk for library in network.libraries["59512"]
    }
