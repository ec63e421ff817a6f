"""seed_demo: idempotent, the 95 communes, libraries and one user per role.

The demo is seeded twice once for the whole module (about half a minute): the tests read
it, each inside its own savepoint, and the module's transaction is rolled back at the end.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from organizations.models import Commune, Library, Membership

pytestmark = pytest.mark.django_db


def table_counts() -> dict[str, int]:
    """Row counts of the tables seed_demo fills."""
    return {
        "communes": Commune.objects.count(),
        "libraries": Library.objects.count(),
        "memberships": Membership.objects.count(),
        "users": get_user_model().objects.count(),
    }


@dataclass(frozen=True)
class Seeded:
    """What the two runs of seed_demo printed and left."""

    output: str
    first: dict[str, int]
    second: dict[str, int]


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Seeded]:
    """seed_demo run twice in a transaction that lasts for the module, then rolled back."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("demo-media")),
        transaction.atomic(),
    ):
        out = io.StringIO()
        call_command("seed_demo", stdout=out)
        first = table_counts()
        call_command("seed_demo", stdout=io.StringIO())
        yield Seeded(output=out.getvalue(), first=first, second=table_counts())
        transaction.set_rollback(True)


def test_seed_demo_twice_leaves_the_same_rows(seeded: Seeded) -> None:
    """Running seed_demo twice gives the same rows, with the 95 communes."""
    assert seeded.second == seeded.first
    assert seeded.first["communes"] == 95


def test_seed_demo_spreads_libraries_and_creates_each_role(seeded: Seeded) -> None:
    """About 20 libraries over at least 8 communes, some associative; every role has a user."""
    assert Library.objects.count() >= 20
    assert Library.objects.values("commune").distinct().count() >= 8
    assert Library.objects.filter(kind=Library.Kind.ASSOCIATIVE).exists()
    for role in Membership.Role.values:
        membership = Membership.objects.filter(role=role).select_related("user").first()
        assert membership is not None, role
        assert membership.user.email in seeded.output


def test_demo_passwords_printed_work(seeded: Seeded) -> None:
    """The printed demo credentials log in."""
    user = get_user_model().objects.get(email="agent@demo.example.org")
    assert "demo-agent" in seeded.output
    assert user.check_password("demo-agent")
