"""PDF renders: queued on publish, cached by revision, refreshed on publish, on demand before."""

import re

import pytest

from mediation_kits.models import KitPdf
from mediation_kits.selectors import kit_pdf_url
from mediation_kits.services import kit_pdf_render, kit_pdfs_render
from mediation_kits.tasks import kit_pdfs_render_task
from tests.mediation_kits.factories import KitPageFactory, kit_publish, step
from tests.pdf_helpers import pdf_qr_codes, pdf_text

pytestmark = pytest.mark.django_db
VARIANTS = {"a4", "booklet", "large-print"}


def download(client, kit, variant: str = "a4") -> bytes:
    """GET the kit's PDF and return its bytes."""
    response = client.get(kit_pdf_url(kit, variant))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_publish_queues_the_render_of_three_variants(django_capture_on_commit_callbacks) -> None:
    """Publishing a kit renders its three variants for that revision, once committed."""
    kit = KitPageFactory()
    with django_capture_on_commit_callbacks(execute=True):
        revision = kit_publish(kit)
    pdfs = KitPdf.objects.filter(page=kit, revision=revision)
    assert {pdf.variant for pdf in pdfs} == VARIANTS
    for pdf in pdfs:
        assert pdf.size_bytes == pdf.file.size > 1000
        assert pdf.file.read(5) == b"%PDF-"


def test_download_serves_the_stored_render(client, django_capture_on_commit_callbacks) -> None:
    """After the publish render, a download returns the stored file, rendering nothing."""
    kit = KitPageFactory()
    with django_capture_on_commit_callbacks(execute=True):
        revision = kit_publish(kit)
    stored = KitPdf.objects.get(page=kit, revision=revision, variant="booklet")
    body = download(client, kit, "booklet")
    assert body == stored.file.open("rb").read()
    assert KitPdf.objects.filter(page=kit).count() == 3
    assert KitPdf.objects.get(pk=stored.pk).rendered_at == stored.rendered_at


def test_publishing_again_refreshes_and_prunes(client, django_capture_on_commit_callbacks) -> None:
    """A new publish renders the new revision; the old renders and their files go."""
    kit = KitPageFactory(body=[step("Ancien titre")])
    with django_capture_on_commit_callbacks(execute=True):
        first = kit_publish(kit)
    old_files = [pdf.file.name for pdf in KitPdf.objects.filter(revision=first)]
    storage = KitPdf.objects.first().file.storage
    kit.body = [step("Nouveau titre")]
    with django_capture_on_commit_callbacks(execute=True):
        second = kit_publish(kit)
    assert set(KitPdf.objects.values_list("revision_id", flat=True)) == {second.pk}
    assert not any(storage.exists(name) for name in old_files)
    text = pdf_text(download(client, kit))
    assert "Nouveau titre" in text
    assert "Ancien titre" not in text


def test_download_before_the_first_render_renders_on_demand(client) -> None:
    """With no render stored yet (publish task not run), the download renders and stores it."""
    kit = KitPageFactory(body=[step("Ouvrir le portail")])
    kit_publish(kit)  # on-commit callbacks do not run here: nothing rendered
    assert not KitPdf.objects.exists()
    assert "Ouvrir le portail" in pdf_text(download(client, kit, "large-print"))
    assert (
        KitPdf.objects.filter(
            page=kit, revision_id=kit.live_revision_id, variant="large-print"
        ).count()
        == 1
    )
    download(client, kit, "large-print")
    assert KitPdf.objects.count() == 1


def test_draft_changes_stay_out_of_the_pdf(client) -> None:
    """A saved but unpublished draft does not change the downloaded PDF."""
    kit = KitPageFactory(body=[step("Version publiée")])
    kit_publish(kit)
    kit.body = [step("Brouillon")]
    kit.save_revision()
    text = pdf_text(download(client, kit))
    assert "Version publiée" in text
    assert "Brouillon" not in text


def test_registry_change_refreshes_the_qr_code(client) -> None:
    """Changing the service's deep link in the registry gives a PDF with the new QR code."""
    kit = KitPageFactory()
    kit_publish(kit)
    link = kit.service.deep_links.get(key="connexion")
    assert pdf_qr_codes(download(client, kit)) == [link.url_template]
    link.url_template = "https://nouveau.bnm.example.org/connexion"
    link.save()
    assert pdf_qr_codes(download(client, kit)) == ["https://nouveau.bnm.example.org/connexion"]


def test_a_lost_file_is_rendered_again(client) -> None:
    """If a stored PDF's file disappeared, the download renders it again instead of failing."""
    kit = KitPageFactory()
    kit_publish(kit)
    pdf = kit_pdf_render(page=kit, variant="a4")
    pdf.file.storage.delete(pdf.file.name)
    assert download(client, kit).startswith(b"%PDF-")
    assert KitPdf.objects.filter(page=kit, variant="a4").count() == 1


def test_render_of_a_revision_no_longer_live_is_skipped() -> None:
    """A late task for an older revision renders nothing."""
    kit = KitPageFactory()
    old = kit_publish(kit)
    kit_publish(kit)
    assert kit_pdfs_render(page=kit, revision=old) == []
    assert kit_pdfs_render_task.delay(kit.pk, old.pk).get() == []
    assert kit_pdfs_render_task.delay(999_999, old.pk).get() == []


def _published_with_pdfs(django_capture_on_commit_callbacks):
    """A published kit with its three PDFs rendered; the kit, its file names and storage."""
    kit = KitPageFactory()
    with django_capture_on_commit_callbacks(execute=True):
        kit_publish(kit)
    pdfs = list(KitPdf.objects.filter(page=kit))
    assert len(pdfs) == 3
    return kit, [pdf.file.name for pdf in pdfs], pdfs[0].file.storage


def test_unpublishing_a_kit_deletes_its_pdfs(django_capture_on_commit_callbacks) -> None:
    """An unpublished kit keeps no stored PDF: rows and files go."""
    kit, names, storage = _published_with_pdfs(django_capture_on_commit_callbacks)
    assert all(storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        kit.unpublish()
    assert not KitPdf.objects.filter(page=kit).exists()
    assert not any(storage.exists(name) for name in names)


def test_deleting_a_kit_deletes_its_pdf_files(django_capture_on_commit_callbacks) -> None:
    """Deleting a kit page removes its PDF files from storage."""
    kit, names, storage = _published_with_pdfs(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        kit.delete()
    assert not KitPdf.objects.exists()
    assert not any(storage.exists(name) for name in names)


def test_pdf_file_names_cannot_be_guessed(django_capture_on_commit_callbacks) -> None:
    """Stored PDF names carry a random part, not the kit's slug alone."""
    kit, names, _storage = _published_with_pdfs(django_capture_on_commit_callbacks)
    for name in names:
        assert kit.slug not in name
        assert re.fullmatch(rf"kits/pdf/kit-{kit.pk}-[a-z0-9-]+-[0-9a-f]{{32}}\.pdf", name)
