"""Rendered kit PDFs live in a private folder, outside MEDIA_ROOT, reached by the view only."""

from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from mediation_kits.models import KitPdf
from mediation_kits.selectors import kit_pdf_url
from mediation_kits.services import kit_pdf_render
from mediation_kits.storage import kit_pdf_root
from tests.mediation_kits.factories import KitPageFactory, kit_publish

pytestmark = pytest.mark.django_db
MIGRATION = import_module("mediation_kits.migrations.0003_kit_pdfs_private")


def files_under(root: Path) -> list[Path]:
    """Every file below ``root``."""
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_rendered_pdfs_are_stored_outside_the_media_folder(client) -> None:
    """A render goes to the private folder: nothing under MEDIA_ROOT, no public URL."""
    kit = KitPageFactory()
    kit_publish(kit)
    pdf = kit_pdf_render(page=kit, variant="a4")
    assert Path(pdf.file.path).is_relative_to(kit_pdf_root())
    assert files_under(Path(settings.MEDIA_ROOT)) == []
    with pytest.raises(ValueError, match="no public URL"):
        pdf.file.url  # noqa: B018
    page = client.get(kit.url).content.decode()
    assert kit_pdf_url(kit, "a4") in page
    assert settings.MEDIA_URL + "kits" not in page
    response = client.get(kit_pdf_url(kit, "a4"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf.file.open("rb").read()


def test_migration_moves_public_pdfs_into_the_private_folder(client) -> None:
    """PDFs rendered before the move leave MEDIA_ROOT, and downloads serve the same file."""
    kit = KitPageFactory()
    kit_publish(kit)
    pdf = kit_pdf_render(page=kit, variant="booklet")
    body = pdf.file.open("rb").read()
    pdf.file.close()
    pdf.file.storage.delete(pdf.file.name)
    default_storage.save(pdf.file.name, ContentFile(body))  # where it was before the move
    MIGRATION.public_pdfs_hide(apps, None)
    assert files_under(Path(settings.MEDIA_ROOT)) == []
    moved = KitPdf.objects.get(pk=pdf.pk)
    assert moved.file.storage.exists(moved.file.name)
    response = client.get(kit_pdf_url(kit, "booklet"))
    assert b"".join(response.streaming_content) == body
    assert KitPdf.objects.get(pk=pdf.pk).rendered_at == pdf.rendered_at  # not rendered again
