"""Fixtures of the dashboards tests: two communes, their libraries, people in every role."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from organizations.models import Commune, Library, Membership
from tests.accounts.factories import UserFactory
from tests.organizations.factories import LibraryFactory

Role = Membership.Role
COMMUNES = ("59350", "59512")  # Lille, Roubaix


@dataclass
class Network:
    """Two communes with two libraries each, and their agents."""

    communes: dict[str, Commune]
    libraries: dict[str, list[Library]]
    agents: dict[int, list] = field(default_factory=dict)


@pytest.fixture
def network(db) -> Network:
    """Lille and Roubaix, two libraries each, six agents per library."""
    communes = {code: Commune.objects.get(insee_code=code) for code in COMMUNES}
    libraries = {code: LibraryFactory.create_batch(2, commune=communes[code]) for code in COMMUNES}
    built = Network(communes, libraries)
    for code in COMMUNES:
        for library in libraries[code]:
            built.agents[library.pk] = [
                _member(library, Role.AGENT, first_name=f"Agent{library.pk}x{n}") for n in range(6)
            ]
    return built


def _member(library: Library, role: str, **fields):
    """A new person holding a library role."""
    user = UserFactory(**fields)
    Membership.objects.create(user=user, role=role, library=library)
    return user


def user_with_role(network: Network, role: str, code: str):
    """A user holding `role` in commune `code` (at its first library for library roles)."""
    user = UserFactory()
    if role in Membership.LIBRARY_ROLES:
        Membership.objects.create(user=user, role=role, library=network.libraries[code][0])
    elif role == Role.COMMUNE_COORDINATOR:
        Membership.objects.create(user=user, role=role, commune=network.communes[code])
    else:
        Membership.objects.create(user=user, role=role)
    return user
