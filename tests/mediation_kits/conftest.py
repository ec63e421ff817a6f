"""Fixtures of the mediation kits tests."""

import pytest

from tests.mediation_kits.factories import KitIndexPageFactory


@pytest.fixture
def kit_index(db):
    """The kit catalogue at /kits/."""
    return KitIndexPageFactory()
