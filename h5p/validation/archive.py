"""Zip-level safety: opening an untrusted archive, checking its entries, bounded reads."""

from __future__ import annotations

import re
import stat
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .types import Issue, Limits

CHUNK_BYTES = 64 * 1024
MAX_SEGMENT_BYTES = 255
_SUPPORTED_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")
_DRIVE_LETTER = re.compile(r"^[A-Za-z]:")
# What zipfile may raise on a hostile archive (NotImplementedError: "zip file version 6.4").
_ZIP_ERRORS = (
    zipfile.BadZipFile, OSError, EOFError, ValueError, LookupError, struct.error, zlib.error,
    NotImplementedError, RuntimeError,
)  # fmt: skip

_EOCD = struct.Struct("<4s4H2LH")
_EOCD_SIGNATURE = b"PK\x05\x06"
_ZIP64_LOCATOR = struct.Struct("<4sLQL")  # 20 bytes
_ZIP64_LOCATOR_SIGNATURE = b"PK\x06\x07"
_ZIP64_EOCD = struct.Struct("<4sQ2H2L4Q")
_ZIP64_EOCD_SIGNATURE = b"PK\x06\x06"


@dataclass(frozen=True)
class Entry:
    """A file entry that passed the zip safety rules; ``path`` is its archive name."""

    path: str
    info: zipfile.ZipInfo


class UnreadableMemberError(Exception):
    """A member could not be read back within its declared size."""

    def __init__(self, issue: Issue) -> None:
        self.issue = issue
        super().__init__(issue.message)


class ReadBudget:
    """Counts the bytes actually decompressed across the whole archive."""

    def __init__(self, limit: int) -> None:
        self.remaining = limit

    def spend(self, count: int) -> bool:
        """Take ``count`` bytes from the budget; False once it is exhausted."""
        self.remaining -= count
        return self.remaining >= 0


def display_name(name: str) -> str:
    """A printable, bounded rendering of an untrusted member name."""
    shown = _CONTROL_CHARS.sub(lambda m: f"\\x{ord(m.group()):02x}", name)
    return shown if len(shown) <= 200 else shown[:199] + "…"


def size_text(size: int) -> str:
    """A localised human size (e.g. « 50,0 Mo »)."""
    return str(filesizeformat(size))


def open_archive(stream: BinaryIO, limits: Limits, issues: list[Issue]) -> zipfile.ZipFile | None:
    """Open the zip after checking its size and its declared entry count; None if refused."""
    size = stream.seek(0, 2)
    if size > limits.max_archive_bytes:
        template = _("The package is too large (%(size)s; maximum %(max)s).")
        max_size = size_text(limits.max_archive_bytes)
        issues.append(
            Issue.of("archive-too-large", "", template, size=size_text(size), max=max_size)
        )
        return None
    declared = _declared_entry_count(stream, size)
    if declared is not None and declared > limits.max_files:
        template = _("The package contains too many files (%(count)d; maximum %(max)d).")
        issues.append(
            Issue.of("too-many-files", "", template, count=declared, max=limits.max_files)
        )
        return None
    archive = None
    if declared is not None:
        try:
            stream.seek(0)
            archive = zipfile.ZipFile(stream)
        except _ZIP_ERRORS:
            archive = None
    if archive is None or declared is None:
        issues.append(Issue.of("not-a-zip", "", _("The package is not a valid ZIP archive.")))
        return None
    found = len(archive.infolist())
    if found != declared:
        archive.close()
        template = _(
            "The archive directory is inconsistent (%(declared)d entries declared, "
            "%(found)d found)."
        )
        issues.append(
            Issue.of("inconsistent-archive", "", template, declared=declared, found=found)
        )
        return None
    return archive


def _declared_entry_count(stream: BinaryIO, size: int) -> int | None:
    """Entry count of the end-of-central-directory record, found the way zipfile finds it."""
    tail_len = min(size, _EOCD.size + (1 << 16))
    stream.seek(size - tail_len)
    tail = stream.read(tail_len)
    pos = len(tail) - _EOCD.size
    if pos < 0:
        return None
    if not (tail.startswith(_EOCD_SIGNATURE, pos) and tail.endswith(b"\0\0")):
        pos = tail.rfind(_EOCD_SIGNATURE)  # the record is followed by a comment
        if pos < 0 or pos + _EOCD.size > len(tail):
            return None
    total = int(_EOCD.unpack_from(tail, pos)[4])
    # ZIP64: the real count is in the record that precedes the ZIP64 locator.
    record = pos - _ZIP64_LOCATOR.size - _ZIP64_EOCD.size
    if total != 0xFFFF or record < 0:
        return total
    if not (
        tail.startswith(_ZIP64_LOCATOR_SIGNATURE, pos - _ZIP64_LOCATOR.size)
        and tail.startswith(_ZIP64_EOCD_SIGNATURE, record)
    ):
        return total
    return int(_ZIP64_EOCD.unpack_from(tail, record)[7])


def check_entries(archive: zipfile.ZipFile, limits: Limits, issues: list[Issue]) -> list[Entry]:
    """Apply the zip safety rules to every entry; return the file entries that passed."""
    files: list[Entry] = []
    folders: list[str] = []
    total = 0
    for info in archive.infolist():
        problem = _name_issue(info.orig_filename, limits) or _mode_issue(info)
        if problem is not None:
            issues.append(problem)
            continue
        if info.orig_filename.endswith("/"):
            folders.append(info.orig_filename[:-1])
            continue
        issues.extend(_member_issues(info, limits))
        total += info.file_size
        files.append(Entry(info.orig_filename, info))
    if total > limits.max_total_bytes:
        template = _(
            "The uncompressed content of the package is too large (%(size)s; maximum %(max)s)."
        )
        maximum = size_text(limits.max_total_bytes)
        issues.append(Issue.of("total-too-large", "", template, size=size_text(total), max=maximum))
    issues.extend(_duplicate_issues(files))
    issues.extend(_conflict_issues(files, folders))
    return files


def _name_issue(name: str, limits: Limits) -> Issue | None:
    """The first path rule ``name`` breaks, if any."""
    shown = display_name(name)
    segments = (name[:-1] if name.endswith("/") else name).split("/")
    if _CONTROL_CHARS.search(name):
        code, template = (
            "control-characters",
            _("%(file)s: control characters are not allowed in file names."),
        )
    elif "\\" in name:
        code, template = "backslash", _("%(file)s: backslashes are not allowed in file names.")
    elif name.startswith("/") or _DRIVE_LETTER.match(name):
        code, template = "absolute-path", _("%(file)s: absolute paths are not allowed.")
    elif ".." in segments:
        code, template = "parent-segment", _("%(file)s: “..” path segments are not allowed.")
    elif "" in segments or "." in segments:
        code, template = "empty-segment", _("%(file)s: empty or “.” path segments are not allowed.")
    elif len(name) > limits.max_path_chars or any(
        len(segment.encode()) > MAX_SEGMENT_BYTES for segment in segments
    ):
        code, template = "path-too-long", _("%(file)s: the path is too long.")
    else:
        return None
    return Issue.of(code, shown, template)


def _mode_issue(info: zipfile.ZipInfo) -> Issue | None:
    """Refuse symbolic links and special files (unix mode kept in external_attr)."""
    if stat.S_IFMT(info.external_attr >> 16) in (0, stat.S_IFREG, stat.S_IFDIR):
        return None
    template = _("%(file)s: symbolic links and special files are not allowed.")
    return Issue.of("symlink", display_name(info.orig_filename), template)


def _member_issues(info: zipfile.ZipInfo, limits: Limits) -> list[Issue]:
    """Encryption, compression method, size and compression-ratio rules for one file."""
    shown = display_name(info.orig_filename)
    found: list[Issue] = []
    if info.flag_bits & 0x1:
        template = _("%(file)s: encrypted files are not supported.")
        found.append(Issue.of("encrypted", shown, template))
    if info.compress_type not in _SUPPORTED_METHODS:
        template = _("%(file)s: unsupported compression method (%(method)d).")
        found.append(Issue.of("compression-method", shown, template, method=info.compress_type))
    if info.file_size > limits.max_file_bytes:
        template = _("%(file)s: the file is too large (%(size)s; maximum %(max)s).")
        size, maximum = size_text(info.file_size), size_text(limits.max_file_bytes)
        found.append(Issue.of("file-too-large", shown, template, size=size, max=maximum))
    ratio = info.file_size // max(info.compress_size, 1)
    if info.file_size > limits.ratio_min_bytes and ratio > limits.max_ratio:
        template = _(
            "%(file)s: suspicious compression ratio (%(ratio)d:1; maximum %(max)d:1), "
            "possible zip bomb."
        )
        found.append(
            Issue.of("compression-ratio", shown, template, ratio=ratio, max=limits.max_ratio)
        )
    return found


def fold(path: str) -> str:
    """Key under which two names collide on a case-insensitive file system."""
    return unicodedata.normalize("NFC", path).casefold()


def _duplicate_issues(files: Iterable[Entry]) -> list[Issue]:
    """Same name twice, or names that differ only by case or Unicode normalisation."""
    seen: dict[str, str] = {}
    found: list[Issue] = []
    for entry in files:
        key = fold(entry.path)
        first = seen.get(key)
        if first is None:
            seen[key] = entry.path
            continue
        shown = display_name(entry.path)
        if first == entry.path:
            template = _("%(file)s: the entry appears more than once in the archive.")
            found.append(Issue.of("duplicate-entry", shown, template))
        else:
            template = _(
                "%(file)s: the entry clashes with %(other)s (the names differ only by case)."
            )
            other = display_name(first)
            found.append(Issue.of("duplicate-entry", shown, template, other=other))
    return found


def _conflict_issues(files: Iterable[Entry], folders: Iterable[str]) -> list[Issue]:
    """A path cannot be both a file and a folder."""
    file_list = list(files)
    folder_keys = {fold(folder) for folder in folders}
    for entry in file_list:
        parts = entry.path.split("/")[:-1]
        folder_keys.update(fold("/".join(parts[: i + 1])) for i in range(len(parts)))
    template = _("%(file)s: this path is both a file and a folder.")
    return [
        Issue.of("path-conflict", display_name(entry.path), template)
        for entry in file_list
        if fold(entry.path) in folder_keys
    ]


def read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: ReadBudget, *, keep: bool
) -> bytes:
    """Decompress one member in chunks, never past its declared size nor the total budget."""
    shown = display_name(info.orig_filename)
    chunks: list[bytes] = []
    got = 0
    try:
        with archive.open(info) as handle:
            while chunk := handle.read(CHUNK_BYTES):
                got += len(chunk)
                if got > info.file_size or not budget.spend(len(chunk)):
                    template = _("%(file)s: the file is larger than its declared size.")
                    raise UnreadableMemberError(Issue.of("size-mismatch", shown, template))
                if keep:
                    chunks.append(chunk)
    except _ZIP_ERRORS:
        got = -1
    if got != info.file_size:
        template = _("%(file)s: the file is corrupt or cannot be read.")
        raise UnreadableMemberError(Issue.of("corrupt-file", shown, template))
    return b"".join(chunks)
