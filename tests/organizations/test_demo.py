"""seed_demo: idempotent, the 95 communes, libraries and one user per role."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

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


def test_seed_demo_twice_leaves_the_same_rows(capsys) -> None:
    """Running seed_demo twice gives the same rows, with the 95 communes."""
    call_command("seed_demo")
    first = table_counts()
    call_command("seed_demo")
    assert table_counts() == first
    assert first["communes"] == 95


def test_seed_demo_spreads_libraries_and_creates_each_role(capsys) -> None:
    """About 20 libraries over at least 8 communes, some associative; every role has a user."""
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert Library.objects.count() >= 20
    assert Library.objects.values("commune").distinct().count() >= 8
    assert Library.objects.filter(kind=Library.Kind.ASSOCIATIVE).exists()
    for role in Membership.Role.values:
        membership = Membership.objects.filter(role=role).select_related("user").first()
        assert membership is not None, role
        assert membership.user.email in out


def test_demo_passwords_printed_work(client, capsys) -> None:
    """The printed demo credentials log in."""
    call_command("seed_demo")
    user = get_user_model().objects.get(email="agent@demo.example.org")
    assert user.check_password("demo-agent")
