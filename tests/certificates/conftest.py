"""Fixtures of the certificate tests: a signing key, a clean cache, a small network."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.cache import cache

from certificates.signing import private_key_pem
from organizations.models import Membership
from tests.accounts.factories import UserFactory
from tests.organizations.factories import CommuneFactory, LibraryFactory, MembershipFactory

Role = Membership.Role
TEST_KEY_PEM = private_key_pem(Ed25519PrivateKey.generate())


@pytest.fixture(autouse=True)
def _certificates_settings(settings) -> None:
    """A test signing key (no file written), a fast minimum answer time, a fresh cache.

    Passwords are hashed with a fast hasher: the network fixture creates nine accounts.
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CERTIFICATES_SIGNING_KEY = TEST_KEY_PEM
    settings.CERTIFICATES_SIGNING_KEY_FILE = None
    settings.CERTIFICATES_VERIFY_MIN_SECONDS = 0.0
    settings.SITE_URL = "https://formation.example.org"
    cache.clear()


@pytest.fixture
def network(db) -> SimpleNamespace:
    """Two communes, a library in each, and one person per role."""
    commune_a, commune_b = CommuneFactory(name="Lille-test"), CommuneFactory(name="Roubaix-test")
    library_a = LibraryFactory(commune=commune_a, name="Médiathèque A")
    library_b = LibraryFactory(commune=commune_b, name="Médiathèque B")

    def member(role: str, **place) -> object:
        user = UserFactory()
        MembershipFactory(user=user, role=role, **place)
        return user

    return SimpleNamespace(
        library_a=library_a,
        library_b=library_b,
        agent_a=member(Role.AGENT, library=library_a),
        agent_a2=member(Role.AGENT, library=library_a),
        agent_b=member(Role.AGENT, library=library_b),
        head_a=member(Role.LIBRARY_HEAD, library=library_a),
        trainer_a=member(Role.TRAINER, library=library_a),
        coordinator_a=member(Role.COMMUNE_COORDINATOR, library=None, commune=commune_a),
        network_team=member(Role.NETWORK_TEAM, library=None),
    )
