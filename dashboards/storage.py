"""Where prepared exports are kept: a private folder outside MEDIA_ROOT, never served as is.

Exports may hold people's names, so their files live under `DASHBOARDS_EXPORT_ROOT` (see
lms.settings and common.storage) and are only ever read by the download view, after it has
checked the requester's scope again.
"""

from __future__ import annotations

from pathlib import Path

from django.utils.deconstruct import deconstructible

from common.storage import PrivateStorage


@deconstructible(path="dashboards.storage.ExportStorage")
class ExportStorage(PrivateStorage):
    """Prepared exports on disk under `DASHBOARDS_EXPORT_ROOT`, with no public URL."""

    setting = "DASHBOARDS_EXPORT_ROOT"


export_storage = ExportStorage()


def export_root() -> Path:
    """The private folder of prepared exports."""
    return export_storage.root()
