"""Writing a validated package to disk: only validated names, never outside the targets."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from .archive import CHUNK_BYTES
from .package import CONTENT_FOLDER, as_stream, digest
from .types import LibraryRef, ValidatedPackage

_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)


class ExtractionError(Exception):
    """The archive or the destination does not match what was validated."""


def extract_package(
    package: ValidatedPackage,
    data: bytes | BinaryIO,
    *,
    content_dir: Path | None,
    library_root: Path | None,
    libraries: Iterable[tuple[str, int, int]] | None = None,
) -> list[Path]:
    """Write content files into ``content_dir`` and library folders under ``library_root``.

    ``data`` must be the very archive that was validated (its SHA-256 is compared). Pass None to
    skip content or libraries; ``libraries`` defaults to every library of the package. Targets
    must be new (missing or empty content_dir, missing library folders): extract into a fresh
    temporary directory and move it into place, deleting it if this raises.
    """
    stream = as_stream(data)
    if digest(stream) != package.sha256:
        raise ExtractionError("the archive is not the one that was validated")
    chosen = list(package.libraries) if libraries is None else [LibraryRef(*r) for r in libraries]
    unknown = [str(ref) for ref in chosen if ref not in package.libraries]
    if unknown:
        raise ExtractionError(f"libraries not in the package: {', '.join(unknown)}")
    jobs: list[tuple[Path, str, str]] = []
    if content_dir is not None:
        _require_empty(content_dir)
        jobs += [(content_dir, f"{CONTENT_FOLDER}/{rel}", rel) for rel in package.content_files]
    if library_root is not None:
        for ref in chosen:
            library = package.libraries[ref]
            target = library_root / library.folder
            if target.exists() or target.is_symlink():
                raise ExtractionError(f"{target} already exists")
            jobs += [(target, f"{library.folder}/{rel}", rel) for rel in library.files]
    written: list[Path] = []
    with zipfile.ZipFile(stream) as archive:
        for base, member, rel in jobs:
            written.append(_write_member(archive, member, base, rel))
    stream.seek(0)
    return written


def _require_empty(folder: Path) -> None:
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise ExtractionError(f"{folder} is not a new, empty folder")
    if folder.exists() and any(folder.iterdir()):
        raise ExtractionError(f"{folder} is not a new, empty folder")


def _write_member(archive: zipfile.ZipFile, member: str, base: Path, rel: str) -> Path:
    """Stream one member to ``base/rel``, refusing any path that resolves outside ``base``."""
    info = archive.getinfo(member)
    target = base.joinpath(*rel.split("/"))
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.parent.resolve().is_relative_to(base.resolve()):
        raise ExtractionError(f"{member} would be written outside {base}")
    written = 0
    with (
        archive.open(info) as source,
        os.fdopen(os.open(target, _CREATE_FLAGS, 0o644), "wb") as out,
    ):
        while chunk := source.read(CHUNK_BYTES):
            written += len(chunk)
            if written > info.file_size:
                raise ExtractionError(f"{member} is larger than its declared size")
            out.write(chunk)
    if written != info.file_size:
        raise ExtractionError(f"{member} is shorter than its declared size")
    return target
