"""QR codes (segno): an inline SVG data URI, ready for HTML pages and PDFs."""

from __future__ import annotations

import segno


def qr_svg_data_uri(data: str, *, scale: int = 4, border: int = 2) -> str:
    """A QR code for `data` as an SVG data: URI (error correction M)."""
    return segno.make(data, error="m", micro=False).svg_data_uri(scale=scale, border=border)


def qr_png_bytes(data: str, *, scale: int = 8, border: int = 4) -> bytes:
    """A QR code for `data` as PNG bytes."""
    import io

    buffer = io.BytesIO()
    segno.make(data, error="m", micro=False).save(buffer, kind="png", scale=scale, border=border)
    return buffer.getvalue()
