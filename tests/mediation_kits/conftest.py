"""Fixtures of the mediation kits tests."""

import pytest

from tests.mediation_kits.factories import KitIndexPageFactory


@pytest.fixture
def kit_index(db):
    """The kit catalogue at /kits/."""
    return KitIndexPageFactory()


@pytest.fixture(autouse=True)
def _kit_pdf_root(tmp_path_factory: pytest.TempPathFactory, settings) -> None:
    """Keep rendered kit PDFs under a temporary private folder."""
    settings.MEDIATION_KITS_PDF_ROOT = tmp_path_factory.mktemp("kit-pdfs")
