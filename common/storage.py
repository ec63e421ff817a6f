"""Private files: a folder outside MEDIA_ROOT, named by a setting, that nothing serves.

Some files may only reach the people a view lets through: prepared dashboard exports (they
may name people), the PDFs of restricted mediation kits. They live in a folder of their
own (by default under `var/` of the project, beside the other private files), have no URL,
and the views that check access stream them. With several servers, the folder must be a
volume the web processes and the workers share.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage
from django.db import transaction
from django.db.models import Model, QuerySet


class PrivateStorage(FileSystemStorage):
    """Files on disk under the folder the setting `setting` names; they have no URL.

    The folder is read from the settings on every use (tests point it elsewhere). Each app
    declares its own subclass with a fixed setting, which is what its migrations name.
    """

    setting = ""

    def __init__(self) -> None:
        super().__init__(allow_overwrite=False)

    def root(self) -> Path:
        """The folder, as the settings name it now."""
        return Path(getattr(settings, self.setting))

    @property
    def base_location(self) -> str:  # type: ignore[override]
        """The folder, as a string (FileSystemStorage's attribute)."""
        return str(self.root())

    @property
    def location(self) -> str:  # type: ignore[override]
        """The folder as an absolute path."""
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        """Refused: a private file is streamed by the view that checks access."""
        raise ValueError(f"Private files have no public URL ({self.setting}): {name}")


def rows_with_files_delete(rows: QuerySet[Model], field: str) -> int:
    """Delete the rows, and each one's file once the transaction commits; return how many.

    The files go only after the commit: if the transaction rolls back, the rows still name
    files that are still there.
    """
    doomed = list(rows)
    for row in doomed:
        file = getattr(row, field)
        if file:
            file_delete_after_commit(file.storage, file.name)
        row.delete()
    return len(doomed)


def file_delete_after_commit(storage: Storage, name: str) -> None:
    """Delete a stored file once the current transaction commits (never if it rolls back)."""
    transaction.on_commit(lambda: storage.delete(name))
