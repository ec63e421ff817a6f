"""The only module that imports WeasyPrint: HTML in, PDF bytes out, nothing fetched over HTTP.

Every PDF of the platform (kits, certificates, sign-in sheets) is a pure function of its
HTML. Asset URLs under STATIC_URL and MEDIA_URL are read from disk (static finders,
then the media storage); `data:` URIs work; any other URL is refused, so a PDF never
calls our own server (or anyone else's). PDFs are tagged (PDF/UA-1) and embed the
project's own fonts (static/fonts).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
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


def local_path_for(url: str) -> Path | None:
    """The file on disk behind a static or media URL, or None for any other URL."""
    path = unquote(urlsplit(url).path)
    static_prefix = urlsplit(settings.STATIC_URL).path
    media_prefix = urlsplit(settings.MEDIA_URL).path
    if path.startswith(static_prefix):
        relative = path[len(static_prefix) :]
        found = finders.find(relative)
        if found:
            return Path(found)
        candidate = Path(settings.STATIC_ROOT) / relative
        return candidate if candidate.is_file() else None
    if path.startswith(media_prefix):
        root = Path(settings.MEDIA_ROOT).resolve()
        candidate = (root / path[len(media_prefix) :]).resolve()
        if root in candidate.parents and candidate.is_file():
            return candidate
    return None


class LocalFetcher(URLFetcher):
    """Serve static and media files from disk and data: URIs; refuse everything else."""

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        """Return the asset, or raise so WeasyPrint leaves it out."""
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if not url.startswith(PDF_BASE_URL):
            raise ValueError(f"PDFs fetch no remote resource: {url}")
        path = local_path_for(url)
        if path is None:
            raise AssetNotFound(f"no local file for {url}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": content_type}
        )


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
