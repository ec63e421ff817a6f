"""Where prepared exports are kept: a private folder outside MEDIA_ROOT, never served as is.

Exports may hold people's names, so their files live under `DASHBOARDS_EXPORT_ROOT` (see
lms.settings; by default `var/dashboards-exports/` of the project, next to the other private
files) and are only ever read by the download view, after it has checked the requester's
scope again.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


def export_root() -> Path:
    """The private folder of prepared exports (read from the settings on every use)."""
    return Path(settings.DASHBOARDS_EXPORT_ROOT)


@deconstructible(path="dashboards.storage.ExportStorage")
class ExportStorage(FileSystemStorage):
    """Files on disk under `export_root()`, with no public URL."""

    def __init__(self) -> None:
        super().__init__(allow_overwrite=False)

    @property
    def base_location(self) -> str:  # type: ignore[override]
        """The folder, from the settings at the time of the call."""
        return str(export_root())

    @property
    def location(self) -> str:  # type: ignore[override]
        """The folder as an absolute path."""
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        """No URL: these files are served by the download view only."""
        raise ValueError(f"Export files have no public URL: {name}")


export_storage = ExportStorage()
