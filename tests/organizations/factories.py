"""Factories for organizations."""

import factory

from organizations.models import Commune, Library, Membership
from tests.accounts.factories import UserFactory


class CommuneFactory(factory.django.DjangoModelFactory):
    """A commune; the migration loads the 95 real ones, so codes here start at 99."""

    class Meta:
        model = Commune
        django_get_or_create = ("insee_code",)

    insee_code = factory.Sequence(lambda n: f"99{n:03d}")
    name = factory.Sequence(lambda n: f"Commune {n}")
    population = 1000


class LibraryFactory(factory.django.DjangoModelFactory):
    """A municipal library."""

    class Meta:
        model = Library

    name = factory.Sequence(lambda n: f"Médiathèque {n}")
    commune = factory.SubFactory(CommuneFactory)
    kind = Library.Kind.MUNICIPAL


class MembershipFactory(factory.django.DjangoModelFactory):
    """An agent's membership of a library."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Membership.Role.AGENT
    library = factory.SubFactory(LibraryFactory)
    commune = None
