"""PDF assets: media read through the storage (disk or object store), nothing fetched remotely."""

import io

import pypdf
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings
from PIL import Image

from common.pdf import media_name_for, render_pdf

IN_MEMORY = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def png() -> bytes:
    """A small opaque PNG."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def image_count(pdf: bytes) -> int:
    """How many images the PDF's pages draw."""
    return sum(len(page.images) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def html_with(src: str) -> str:
    """A one-image document."""
    head = '<html lang="fr"><head><title>t</title></head>'
    return f'{head}<body><img src="{src}" alt="logo"></body></html>'


def test_media_on_our_own_site_is_read_through_the_default_storage(tmp_path) -> None:
    """MEDIA_URL as a path: the image is read from the storage and drawn."""
    with override_settings(MEDIA_ROOT=str(tmp_path), MEDIA_URL="/media/"):
        name = default_storage.save("kits/logo.png", ContentFile(png()))
        assert image_count(render_pdf(html_with(f"/media/{name}"))) == 1
        assert image_count(render_pdf(html_with("/media/kits/missing.png"))) == 0


@override_settings(STORAGES=IN_MEMORY, MEDIA_URL="https://media.example.org/bnm/")
def test_media_on_an_object_store_is_read_through_the_storage_not_over_http() -> None:
    """MEDIA_URL absolute (object storage): its URLs map back to storage names."""
    name = default_storage.save("certificats/signature.png", ContentFile(png()))
    assert image_count(render_pdf(html_with(f"https://media.example.org/bnm/{name}"))) == 1
    # Another host, or our media URL's host under another path, is never fetched.
    assert image_count(render_pdf(html_with(f"https://elsewhere.example.org/bnm/{name}"))) == 0
    assert image_count(render_pdf(html_with(f"https://media.example.org/{name}"))) == 0


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://pdf.invalid/media/a/b.png", "a/b.png"),
        ("https://pdf.invalid/media/a%20b.png", "a b.png"),
        ("https://pdf.invalid/static/x.css", None),
        ("https://example.org/media/a.png", None),
        ("https://pdf.invalid/media/", None),
    ],
)
def test_media_names_of_urls(url: str, name: str | None) -> None:
    """Only our media URLs name a stored file."""
    with override_settings(MEDIA_URL="/media/"):
        assert media_name_for(url) == name


def test_a_path_leaving_the_media_root_is_not_read(tmp_path) -> None:
    """`..` in a media URL cannot reach a file outside MEDIA_ROOT."""
    secret = tmp_path / "secret.png"
    secret.write_bytes(png())
    media = tmp_path / "media"
    media.mkdir()
    with override_settings(MEDIA_ROOT=str(media), MEDIA_URL="/media/"):
        assert image_count(render_pdf(html_with("/media/../secret.png"))) == 0
        assert image_count(render_pdf(html_with("/media/%2E%2E/secret.png"))) == 0
