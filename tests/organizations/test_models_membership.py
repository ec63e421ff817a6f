"""Membership rules: each role is attached to the right kind of place."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from organizations.models import Commune, Membership
from tests.accounts.factories import UserFactory
from tests.organizations.factories import LibraryFactory

Role = Membership.Role
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.AGENT, Role.TRAINER, Role.LIBRARY_HEAD])
def test_library_roles_need_a_library(role: str) -> None:
    """Agents, trainers and library heads are refused without a library."""
    membership = Membership(user=UserFactory(), role=role)
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert "library" in error.value.message_dict


def test_coordinator_needs_a_commune() -> None:
    """A commune coordinator is refused without a commune."""
    membership = Membership(user=UserFactory(), role=Role.COMMUNE_COORDINATOR)
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert "commune" in error.value.message_dict


def test_database_refuses_network_team_with_a_library() -> None:
    """The check constraint holds even when clean() is bypassed."""
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            user=UserFactory(), role=Role.NETWORK_TEAM, library=LibraryFactory()
        )


def test_same_role_twice_at_same_library_is_refused() -> None:
    """One person holds a role at a library once."""
    user, library = UserFactory(), LibraryFactory()
    Membership.objects.create(user=user, role=Role.AGENT, library=library)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, role=Role.AGENT, library=library)


def test_the_95_communes_are_loaded_by_migration() -> None:
    """The MEL's 95 communes are present after migrate, with their INSEE data."""
    assert Commune.objects.count() == 95
    lille = Commune.objects.get(insee_code="59350")
    assert lille.name == "Lille"
    assert lille.population > 200_000
