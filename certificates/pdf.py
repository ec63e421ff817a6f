"""Certificate PDFs: HTML from a template and the frozen snapshot, then common.pdf.

A certificate PDF is a pure function of its snapshot and its code: A4 landscape, the
code printed, a QR code to the public verification page, tagged (PDF/UA-1) with the
project's fonts embedded by `common.pdf.render_pdf`.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation

from certificates.codes import code_display
from certificates.links import verify_url
from common.pdf import render_pdf
from common.qr import qr_svg_data_uri

TEMPLATE = "certificates/pdf/certificate.html"
# A fixed code for admin previews (never stored: it is not a real certificate).
SAMPLE_CODE = "EXEMPLE23456789A"
# Competences listed on the sheet; the others are counted, and all are on the
# verification page and in the Open Badge.
MAX_COMPETENCES_ON_SHEET = 8


def issued_on_text(snapshot: Mapping[str, Any]) -> str:
    """The issue date of a snapshot, in words (French by default)."""
    issued_at = datetime.datetime.fromisoformat(str(snapshot["issued_at"]))
    if timezone.is_aware(issued_at):
        issued_at = timezone.localtime(issued_at)
    return formats.date_format(issued_at.date(), "j F Y")


def certificate_context(snapshot: Mapping[str, Any], *, code: str) -> dict[str, Any]:
    """The template context of a certificate sheet."""
    competences = list(snapshot["achievement"].get("competences", []))
    url = verify_url(code)
    return {
        "person": snapshot["person"],
        "achievement": snapshot["achievement"],
        "issuer": snapshot["issuer"],
        "template": snapshot["template"],
        "competences": competences[:MAX_COMPETENCES_ON_SHEET],
        "more_competences": max(0, len(competences) - MAX_COMPETENCES_ON_SHEET),
        "issued_on": issued_on_text(snapshot),
        "code": code_display(code),
        "verify_url": url,
        "qr": qr_svg_data_uri(url, scale=6, border=1),
        "media_url": settings.MEDIA_URL,
    }


def certificate_html(snapshot: Mapping[str, Any], *, code: str) -> str:
    """The HTML of a certificate sheet, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(TEMPLATE, certificate_context(snapshot, code=code))


def certificate_pdf(snapshot: Mapping[str, Any], *, code: str) -> bytes:
    """The PDF of a certificate (A4 landscape, tagged, fonts embedded, QR code)."""
    return render_pdf(certificate_html(snapshot, code=code))
