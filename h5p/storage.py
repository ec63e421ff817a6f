"""Where H5P files live on disk (under MEDIA_ROOT/h5p/) and safe lookups inside it."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

from django.conf import settings

from h5p.validation import LibraryRef

_FOLDER_NAME = re.compile(r"^([A-Za-z0-9_.-]{1,127})-(\d{1,5})\.(\d{1,5})$")


def h5p_root() -> Path:
    """The root of every H5P file: MEDIA_ROOT/h5p."""
    return Path(settings.MEDIA_ROOT) / "h5p"


def libraries_root() -> Path:
    """Installed libraries, one folder per (machine name, major, minor)."""
    return h5p_root() / "libraries"


def contents_root() -> Path:
    """Extracted contents, one folder per content."""
    return h5p_root() / "content"


def staging_root() -> Path:
    """Temporary extraction folders, on the same file system so that moves are atomic."""
    return h5p_root() / "staging"


def library_dir(ref: LibraryRef) -> Path:
    """The folder of one installed library."""
    return libraries_root() / ref.folder_name


def content_dir(folder: uuid.UUID) -> Path:
    """The folder of one content: h5p.json and content/."""
    return contents_root() / str(folder)


def parse_folder_name(name: str) -> LibraryRef | None:
    """The library a folder name such as ``H5P.MultiChoice-1.16`` designates, if well formed."""
    match = _FOLDER_NAME.match(name)
    if match is None:
        return None
    return LibraryRef(match.group(1), int(match.group(2)), int(match.group(3)))


def safe_file(base: Path, relative: str) -> Path | None:
    """The regular file ``relative`` inside ``base``, or None (traversal, hidden, links...)."""
    if not relative or "\\" in relative or "\0" in relative or relative.startswith("/"):
        return None
    parts = relative.split("/")
    if any(part in ("", ".", "..") or part.startswith(".") for part in parts):
        return None
    candidate = base.joinpath(*parts)
    try:
        resolved = candidate.resolve(strict=True)
        root = base.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not resolved.is_relative_to(root) or candidate.is_symlink() or not resolved.is_file():
        return None
    return resolved
