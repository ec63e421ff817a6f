"""Tests of the h5p demo step: every package of H5P_DEMO_DIR imported once."""

from __future__ import annotations

from pathlib import Path

import pytest

from accounts.demo import demo_steps
from h5p import demo
from h5p.models import H5PContent, H5PLibrary
from tests.conftest import SHARED

from .factories import SHARED_H5P_NAMES, minimal_package, shared_package

pytestmark = pytest.mark.django_db


def test_demo_step_is_registered_after_the_network() -> None:
    """seed_demo runs the h5p step, at order 35."""
    step = next(step for step in demo_steps() if step.name == "h5p")
    assert step.order == 35
    assert step.run is demo.seed


def test_demo_imports_the_shared_packages_once(settings) -> None:
    """Running the step twice leaves the same contents and libraries."""
    shared_package(SHARED_H5P_NAMES[0])  # skips with the reason when ../shared/h5p is absent
    settings.H5P_DEMO_DIR = str(SHARED / "h5p")
    lines: list[str] = []
    demo.seed(lines.append)
    contents = sorted(H5PContent.objects.values_list("title", flat=True))
    libraries = H5PLibrary.objects.count()
    demo.seed(lines.append)
    assert sorted(H5PContent.objects.values_list("title", flat=True)) == contents
    assert H5PLibrary.objects.count() == libraries
    assert "Quiz : choisir la bonne réponse" in contents
    assert len(contents) == len(SHARED_H5P_NAMES)
    assert sum("already imported" in line for line in lines) == len(SHARED_H5P_NAMES)


@pytest.mark.parametrize("value", ["", "/nonexistent/h5p"])
def test_demo_without_packages_says_how_to_upload(settings, value: str) -> None:
    """Without a package folder the demo still runs and explains how to upload."""
    settings.H5P_DEMO_DIR = value
    lines: list[str] = []
    demo.seed(lines.append)
    assert H5PContent.objects.count() == 0
    assert any("h5p_import" in line and "admin" in line for line in lines)


def test_demo_reports_a_broken_package_and_goes_on(settings, tmp_path: Path) -> None:
    """A refused file is logged; the other packages are imported."""
    (tmp_path / "a-broken.h5p").write_bytes(b"not a zip")
    (tmp_path / "b-good.h5p").write_bytes(minimal_package())
    settings.H5P_DEMO_DIR = str(tmp_path)
    lines: list[str] = []
    demo.seed(lines.append)
    assert H5PContent.objects.get().package_name == "b-good.h5p"
    assert any("a-broken.h5p refused" in line for line in lines)


def test_settings_default_points_to_the_shared_folder() -> None:
    """H5P_DEMO_DIR defaults to ../shared/h5p when it exists."""
    from django.conf import settings as django_settings

    if not (SHARED / "h5p").is_dir():
        pytest.skip(f"real H5P packages not available: {SHARED / 'h5p'} is missing")
    assert Path(django_settings.H5P_DEMO_DIR) == SHARED / "h5p"
