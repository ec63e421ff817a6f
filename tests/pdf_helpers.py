"""Reading PDFs back in tests: their text per page, their QR codes, their fonts and tags."""

from __future__ import annotations

import io

import pypdf
import pypdfium2
import zxingcpp


def pdf_pages_text(pdf: bytes) -> list[str]:
    """The extracted text of each page."""
    return [page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def pdf_text(pdf: bytes) -> str:
    """The whole extracted text, pages joined by newlines."""
    return "\n".join(pdf_pages_text(pdf))


def pdf_page_count(pdf: bytes) -> int:
    """The number of pages."""
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def pdf_page_size(pdf: bytes, page: int = 0) -> tuple[float, float]:
    """The width and height of a page, in points."""
    box = pypdf.PdfReader(io.BytesIO(pdf)).pages[page].mediabox
    return float(box.width), float(box.height)


def pdf_qr_codes(pdf: bytes, *, scale: float = 3.0) -> list[str]:
    """The texts of every QR code found on the rendered pages."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        found = []
        for index in range(len(document)):
            page = document[index]
            image = page.render(scale=scale).to_pil()
            found += [result.text for result in zxingcpp.read_barcodes(image)]
            page.close()
        return found
    finally:
        document.close()


def pdf_fonts(pdf: bytes) -> set[str]:
    """The base names of the fonts used (embedded subsets look like ABCDEF+Name)."""
    names = set()
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def pdf_is_tagged(pdf: bytes) -> bool:
    """Whether the PDF declares itself tagged (MarkInfo /Marked true, with a structure tree)."""
    root = pypdf.PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    mark_info = root.get("/MarkInfo")
    return bool(mark_info and mark_info.get("/Marked")) and "/StructTreeRoot" in root
