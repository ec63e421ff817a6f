"""Where rendered kit PDFs are kept: a private folder outside MEDIA_ROOT, never served as is.

Some kits are restricted (to logged-in agents, by password or group), so their PDFs must only
reach people the download view lets through: the files live under `MEDIATION_KITS_PDF_ROOT`
(see lms.settings and common.storage), which nothing serves, and the view streams them after
its checks.
"""

from __future__ import annotations

from pathlib import Path

from django.utils.deconstruct import deconstructible

from common.storage import PrivateStorage


@deconstructible(path="mediation_kits.storage.KitPdfStorage")
class KitPdfStorage(PrivateStorage):
    """Kit PDFs on disk under `MEDIATION_KITS_PDF_ROOT`; they have no URL of their own."""

    setting = "MEDIATION_KITS_PDF_ROOT"


kit_pdf_storage = KitPdfStorage()


def kit_pdf_root() -> Path:
    """The private folder of rendered kit PDFs."""
    return kit_pdf_storage.root()
