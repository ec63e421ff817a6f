"""Membership listeners: apps above organizations hear of every membership saved or deleted."""

from __future__ import annotations

import pytest

from organizations import listeners
from organizations.models import Membership
from tests.accounts.factories import UserFactory
from tests.organizations.factories import LibraryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    """A listener collecting the people it hears of (removed afterwards)."""
    seen: list[int] = []
    listeners.register_membership_listener("test", seen.extend)
    yield seen
    listeners._listeners.pop("test")


def test_listeners_hear_of_memberships_created_changed_and_deleted(heard) -> None:
    """Creating, moving and deleting a membership each hand the person's id to listeners."""
    person = UserFactory()
    membership = Membership.objects.create(
        user=person, role=Membership.Role.AGENT, library=LibraryFactory()
    )
    membership.library = LibraryFactory()
    membership.save()
    membership.delete()
    assert heard == [person.pk] * 3


# Outside a test transaction, so that `Membership.save` itself must open the transaction.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failing_listener_rolls_the_membership_change_back() -> None:
    """The listeners run in the membership's transaction: an error leaves nothing saved."""

    def failing(user_ids):
        raise RuntimeError("listener failed")

    person, library = UserFactory(), LibraryFactory()
    listeners.register_membership_listener("failing", failing)
    try:
        with pytest.raises(RuntimeError):
            Membership.objects.create(user=person, role=Membership.Role.AGENT, library=library)
    finally:
        listeners._listeners.pop("failing")
    assert not Membership.objects.filter(user=person).exists()
