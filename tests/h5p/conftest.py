"""Fixtures of the H5P tests; they also run without pytest-django (``-p no:django``)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import django
import pytest
from django.conf import settings

REPO = Path(__file__).resolve().parents[2]
PO_FILE = REPO / "h5p" / "locale" / "fr" / "LC_MESSAGES" / "django.po"

STANDALONE = "pytest_django" not in sys.modules  # run with -p no:django

if STANDALONE and not settings.configured:  # gettext only needs minimal settings
    settings.configure(USE_I18N=True, LANGUAGE_CODE="en-us", INSTALLED_APPS=[])
    django.setup()

if STANDALONE:

    @pytest.fixture
    def settings() -> SimpleNamespace:
        """Stand-in for pytest-django's fixture, which project-wide autouse fixtures request."""
        return SimpleNamespace()


@pytest.fixture(scope="session")
def compiled_locale(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The French catalogue of the h5p app compiled with ``msgfmt --check`` into a temp dir."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt (GNU gettext) is not installed")
    root = tmp_path_factory.mktemp("locale")
    target = root / "fr" / "LC_MESSAGES" / "django.mo"
    target.parent.mkdir(parents=True)
    subprocess.run([msgfmt, "--check", "-o", str(target), str(PO_FILE)], check=True)
    return root


@pytest.fixture
def french(compiled_locale: Path) -> Iterator[None]:
    """Activate French with only our freshly compiled catalogue on LOCALE_PATHS."""
    from django.test import override_settings
    from django.utils import translation

    with override_settings(LOCALE_PATHS=[str(compiled_locale)]), translation.override("fr"):
        yield


@pytest.fixture
def english() -> Iterator[None]:
    """Messages in English (the msgids), whatever the project's default language."""
    from django.utils import translation

    with translation.override("en"):
        yield
