"""Where rendered kit PDFs are kept: a private folder outside MEDIA_ROOT, never served as is.

Some kits are restricted (to logged-in agents, by password or group), so their PDFs must only
reach people the download view lets through: the files live under the setting
``MEDIATION_KITS_PDF_ROOT`` (by default ``var/kit-pdfs/`` of the project, next to the other
private files), which nothing serves, and the view streams them after its checks.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


def kit_pdf_root() -> Path:
    """The private folder of rendered kit PDFs (read from the settings on every use)."""
    configured = getattr(settings, "MEDIATION_KITS_PDF_ROOT", "")
    return Path(configured) if configured else Path(settings.BASE_DIR) / "var" / "kit-pdfs"


@deconstructible(path="mediation_kits.storage.KitPdfStorage")
class KitPdfStorage(FileSystemStorage):
    """Kit PDFs on disk under ``kit_pdf_root()``; they have no URL of their own."""

    def __init__(self) -> None:
        super().__init__(allow_overwrite=False)

    @property
    def base_location(self) -> str:  # type: ignore[override]
        """The folder, as the settings name it when called (tests change it)."""
        return str(kit_pdf_root())

    @property
    def location(self) -> str:  # type: ignore[override]
        """The folder as an absolute path."""
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        """Refused: a kit PDF is reached through the download view only."""
        raise ValueError(f"Kit PDFs have no public URL, use the download view: {name}")


kit_pdf_storage = KitPdfStorage()
