"""The only module that imports WeasyPrint: HTML in, PDF bytes out, nothing fetched over HTTP.

Every PDF of the platform (kits, certificates, sign-in sheets) is a pure function of its
HTML. Static assets are read from disk (static finders, then STATIC_ROOT) and media files
through Django's default storage, whether MEDIA_URL is a path on our site or the absolute
URL of an object store; `data:` URIs work; any other URL is refused, so a PDF never calls
our own server (or anyone else's) over HTTP. PDFs are tagged (PDF/UA-1) and embed the
project's own fonts (static/fonts).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

# A base URL that is never fetched: relative and root-relative URLs resolve against it.
PDF_BASE_URL = "https://pdf.invalid/"

FONT_FACES = """
@font-face { font-family: "Atkinson Hyperlegible"; font-weight: 400; font-style: normal;
  src: url("/static/fonts/atkinson-hyperlegible/atkinson-hyperlegible-latin-400-normal.woff"); }
@font-face { font-family: "Atkinson Hyperlegible"; font-weight: 400; font-style: italic;
  src: url("/static/fonts/atkinson-hyperlegible/atkinson-hyperlegible-latin-400-italic.woff"); }
@font-face { font-family: "Atkinson Hyperlegible"; font-weight: 700; font-style: normal;
  src: url("/static/fonts/atkinson-hyperlegible/atkinson-hyperlegible-latin-700-normal.woff"); }
@font-face { font-family: "Atkinson Hyperlegible"; font-weight: 700; font-style: italic;
  src: url("/static/fonts/atkinson-hyperlegible/atkinson-hyperlegible-latin-700-italic.woff"); }
html { font-family: "Atkinson Hyperlegible", sans-serif; }
"""


class AssetNotFound(ValueError):
    """A local asset referenced by the HTML does not exist (it is then left out)."""


def static_path_for(url: str) -> Path | None:
    """The file on disk behind a static URL, or None for any other URL."""
    path = unquote(urlsplit(url).path)
    static_prefix = urlsplit(settings.STATIC_URL).path
    if not url.startswith(PDF_BASE_URL) or not path.startswith(static_prefix):
        return None
    relative = path[len(static_prefix) :]
    found = finders.find(relative)
    if found:
        return Path(found)
    candidate = Path(settings.STATIC_ROOT) / relative
    return candidate if candidate.is_file() else None


def media_name_for(url: str) -> str | None:
    """The media storage name behind a media URL, or None for any other URL.

    MEDIA_URL is either a path on our own site (`/media/`, files on a shared disk) or an
    absolute URL (object storage, a CDN): both kinds of URL map back to a storage name.
    """
    media = urlsplit(settings.MEDIA_URL)
    if media.netloc:
        if not url.startswith(settings.MEDIA_URL):
            return None
        name = unquote(urlsplit(url).path)[len(unquote(media.path)) :]
    else:
        path = unquote(urlsplit(url).path)
        if not url.startswith(PDF_BASE_URL) or not path.startswith(media.path):
            return None
        name = path[len(media.path) :]
    return name or None


def media_bytes(name: str) -> bytes | None:
    """A media file's content, read through the default storage; None if it is not there."""
    try:
        with default_storage.open(name, "rb") as handle:
            return handle.read()
    except (OSError, SuspiciousFileOperation):
        return None


class LocalFetcher(URLFetcher):
    """Serve static files, media through the storage and data: URIs; refuse everything else."""

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        """Return the asset, or raise so WeasyPrint leaves it out."""
        if url.startswith("data:"):
            return super().fetch(url, headers)
        name = media_name_for(url)
        if name is not None:
            body = media_bytes(name)
            if body is None:
                raise AssetNotFound(f"no media file {name!r} for {url}")
            return self._response(url, name, body)
        if not url.startswith(PDF_BASE_URL):
            raise ValueError(f"PDFs fetch no remote resource: {url}")
        path = static_path_for(url)
        if path is None:
            raise AssetNotFound(f"no local file for {url}")
        return self._response(url, path.name, path.read_bytes())

    @staticmethod
    def _response(url: str, name: str, body: bytes) -> URLFetcherResponse:
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})


def render_pdf(
    html: str, *, title: str = "", lang: str = "fr", extra_css: str = "", page_multiple: int = 1
) -> bytes:
    """Render HTML to a tagged PDF (PDF/UA-1) with the project's fonts embedded.

    With `page_multiple` > 1, blank pages of the same size are appended until the page
    count is a multiple of it (4 for a booklet folded from sheets).
    """
    fonts = FontConfiguration()
    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=LocalFetcher())
    stylesheets = [
        CSS(
            string=FONT_FACES + extra_css,
            font_config=fonts,
            base_url=PDF_BASE_URL,
            url_fetcher=LocalFetcher(),
        )
    ]
    del title, lang  # taken from the document's <title> and <html lang>
    options = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}
    rendering = document.render(stylesheets=stylesheets, font_config=fonts, **options)
    missing = -len(rendering.pages) % max(1, page_multiple)
    if missing:
        last = rendering.pages[-1]
        blank = HTML(
            string="<html><body></body></html>", base_url=PDF_BASE_URL, url_fetcher=LocalFetcher()
        ).render(
            stylesheets=[CSS(string=f"@page {{ size: {last.width}px {last.height}px }}")],
            **options,
        )
        rendering = rendering.copy(rendering.pages + blank.pages * missing)
    return rendering.write_pdf(**options)


def render_pdf_bare(html: str) -> bytes:
    """WeasyPrint on the same HTML with default options (the benchmarks' baseline)."""
    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=LocalFetcher()).write_pdf()
