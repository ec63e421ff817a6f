"""Fixtures of the workshops tests."""

import pytest

from tests.workshops.factories import trainer_make


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """Hash test passwords cheaply: these tests create many people."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def trainer():
    """A trainer (in the trainers' group, with its model permissions)."""
    return trainer_make()
