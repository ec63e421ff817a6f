"""validate_package: the whole set of rules applied to one .h5p archive."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.utils.translation import gettext as _

from .archive import (
    CHUNK_BYTES,
    Entry,
    ReadBudget,
    UnreadableMemberError,
    check_entries,
    display_name,
    open_archive,
    read_member,
    size_text,
)
from .dependencies import check_availability, check_core_api, installed_edges, resolve_order
from .schema import parse_h5p_json, parse_library_json
from .types import (
    DEFAULT_EXTENSIONS,
    DEFAULT_LIMITS,
    FORBIDDEN_EXTENSIONS,
    SUPPORTED_CORE_API,
    AllowedExtensions,
    InstalledLibraries,
    Issue,
    LibraryRef,
    Limits,
    PackageInvalid,
    PackageLibrary,
    PackageMetadata,
    ValidatedPackage,
)

MAIN_FILE = "h5p.json"
CONTENT_FOLDER = "content"
CONTENT_FILE = "content.json"
# H5P core's pattern is (-?[a-z]+){1,7}\.json; this equivalent form cannot backtrack badly.
_LANGUAGE_FILE = re.compile(r"^-?[a-z]+(?:-[a-z]+){0,6}\.json$", re.IGNORECASE)
_LIBRARY_JSON_FILES = ("library.json", "semantics.json")
UNUSABLE: Any = object()  # a JSON file that broke a rule (already reported)


@dataclass
class _Layout:
    """Archive files sorted by role; paths are relative to their folder."""

    main: Entry | None = None
    content: dict[str, Entry] = field(default_factory=dict)
    libraries: dict[str, dict[str, Entry]] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)


def as_stream(data: bytes | bytearray | memoryview | BinaryIO) -> BinaryIO:
    """A seekable binary stream over ``data``."""
    if isinstance(data, bytes | bytearray | memoryview):
        return io.BytesIO(bytes(data))
    return data


def digest(stream: BinaryIO) -> str:
    """SHA-256 of the whole stream, read in chunks."""
    stream.seek(0)
    hasher = hashlib.sha256()
    while chunk := stream.read(CHUNK_BYTES):
        hasher.update(chunk)
    stream.seek(0)
    return hasher.hexdigest()


def validate_package(
    data: bytes | BinaryIO,
    *,
    installed_libraries: InstalledLibraries = frozenset(),
    core_api: tuple[int, int] = SUPPORTED_CORE_API,
    limits: Limits = DEFAULT_LIMITS,
    extensions: AllowedExtensions = DEFAULT_EXTENSIONS,
) -> ValidatedPackage:
    """Check an untrusted .h5p archive; raise PackageInvalid listing every broken rule."""
    stream = as_stream(data)
    issues: list[Issue] = []
    archive = open_archive(stream, limits, issues)
    if archive is None:
        raise PackageInvalid(issues)
    try:
        with archive:
            entries = check_entries(archive, limits, issues)
            if issues:
                raise PackageInvalid(issues)
            layout = _classify(entries, extensions, issues)
            json_files = _read_all(archive, layout, limits, issues)
    finally:
        stream.seek(0)
    sha256, size = digest(stream), _size(stream)  # size already checked by open_archive
    return _build(
        layout, json_files, installed_libraries, core_api, issues, sha256=sha256, size=size
    )


def _size(stream: BinaryIO) -> int:
    end = stream.seek(0, 2)
    stream.seek(0)
    return end


def _build(
    layout: _Layout,
    json_files: Mapping[str, bytes | None],
    installed_libraries: InstalledLibraries,
    core_api: tuple[int, int],
    issues: list[Issue],
    *,
    sha256: str,
    size: int,
) -> ValidatedPackage:
    """Parse the JSON files, apply schema and dependency rules, assemble the result."""
    main_data = _load_typed(MAIN_FILE, json_files, issues, dict)
    content = _load_typed(f"{CONTENT_FOLDER}/{CONTENT_FILE}", json_files, issues, dict)
    metadata = None if main_data is UNUSABLE else parse_h5p_json(main_data, issues)
    libraries, libraries_ok = _parse_libraries(layout, json_files, issues)
    check_core_api(libraries.values(), core_api, issues)
    order: list[LibraryRef] = []
    if metadata is not None and libraries_ok:
        installed = installed_edges(installed_libraries)
        check_availability(metadata, libraries, installed, issues)
        order = resolve_order(metadata, libraries, installed, issues)
    if issues or metadata is None or content is UNUSABLE:
        raise PackageInvalid(issues)
    return ValidatedPackage(
        metadata=metadata,
        content=content,
        main_library=_main_ref(metadata),
        libraries=libraries,
        content_files=tuple(sorted(layout.content)),
        required_libraries=tuple(order),
        missing_libraries=tuple(ref for ref in order if ref not in libraries),
        ignored_files=tuple(layout.ignored),
        sha256=sha256,
        size=size,
    )


def _main_ref(metadata: PackageMetadata) -> LibraryRef:
    return next(
        ref for ref in metadata.preloaded_dependencies if ref.machine_name == metadata.main_library
    )


def _classify(entries: list[Entry], extensions: AllowedExtensions, issues: list[Issue]) -> _Layout:
    """Sort files into h5p.json, content and library folders; apply the extension rules.

    As in H5P core, names with a segment starting with "." or "_" (.DS_Store, __MACOSX/) and
    files at the root other than h5p.json are ignored: they are never read nor extracted.
    """
    layout = _Layout()
    for entry in entries:
        folder, _slash, rel = entry.path.partition("/")
        if entry.path == MAIN_FILE:
            layout.main = entry
        elif not rel or any(part.startswith((".", "_")) for part in entry.path.split("/")):
            layout.ignored.append(entry.path)
        elif folder == CONTENT_FOLDER:
            layout.content[rel] = entry
            _check_extension(entry.path, extensions.content, rel == CONTENT_FILE, issues)
        else:
            layout.libraries.setdefault(folder, {})[rel] = entry
            always = rel in _LIBRARY_JSON_FILES or _is_language_file(rel)
            _check_extension(entry.path, extensions.library, always, issues, library=True)
    return layout


def _is_language_file(rel: str) -> bool:
    return rel.startswith("language/") and rel.lower().endswith(".json")


def _check_extension(
    path: str, allowed: frozenset[str], always: bool, issues: list[Issue], *, library: bool = False
) -> None:
    """Whitelist check; FORBIDDEN_EXTENSIONS win over any whitelist."""
    name = path.rsplit("/", 1)[-1]
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    if not extension:
        template = _("%(file)s: files without an extension are not allowed.")
    elif extension in FORBIDDEN_EXTENSIONS or not (always or extension in allowed):
        if library:
            template = _(
                "%(file)s: files with the extension .%(ext)s are not allowed in libraries."
            )
        else:
            template = _("%(file)s: files with the extension .%(ext)s are not allowed in content.")
    else:
        return
    issues.append(Issue.of("extension-not-allowed", display_name(path), template, ext=extension))


def _wants_json(path: str) -> bool:
    """Whether the validator parses this archive member."""
    folder, _slash, rel = path.partition("/")
    if path == MAIN_FILE or (folder == CONTENT_FOLDER and rel == CONTENT_FILE):
        return True
    return folder != CONTENT_FOLDER and (rel in _LIBRARY_JSON_FILES or _is_language_file(rel))


def _read_all(
    archive: zipfile.ZipFile, layout: _Layout, limits: Limits, issues: list[Issue]
) -> dict[str, bytes | None]:
    """Decompress every kept file once (integrity check) and keep the JSON files' bytes.

    A JSON file that is present but unusable (already reported) maps to None.
    """
    budget = ReadBudget(limits.max_total_bytes)
    kept = [layout.main] if layout.main else []
    kept += list(layout.content.values())
    kept += [entry for files in layout.libraries.values() for entry in files.values()]
    json_files: dict[str, bytes | None] = {}
    for entry in kept:
        wanted = _wants_json(entry.path)
        if wanted and entry.info.file_size > limits.max_json_bytes:
            template = _("%(file)s: the JSON file is too large (%(size)s; maximum %(max)s).")
            size, maximum = size_text(entry.info.file_size), size_text(limits.max_json_bytes)
            shown = display_name(entry.path)
            issues.append(Issue.of("json-too-large", shown, template, size=size, max=maximum))
            json_files[entry.path] = None
            wanted = False
        try:
            raw = read_member(archive, entry.info, budget, keep=wanted)
        except UnreadableMemberError as error:
            issues.append(error.issue)
            json_files[entry.path] = None
            continue
        if wanted:
            json_files[entry.path] = raw
    return json_files


def _load_json(file: str, json_files: Mapping[str, bytes | None], issues: list[Issue]) -> Any:
    """Decode one JSON file (UTF-8, optional BOM); UNUSABLE when it breaks a rule."""
    if file not in json_files:
        template = _("%(file)s: required file is missing.")
        issues.append(Issue.of("missing-file", file, template))
        return UNUSABLE
    raw = json_files[file]
    if raw is None:
        return UNUSABLE
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        issues.append(Issue.of("invalid-json", file, _("%(file)s: the file is not valid UTF-8.")))
        return UNUSABLE
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        template = _("%(file)s: the file is not valid JSON (line %(line)d, column %(column)d).")
        issues.append(
            Issue.of("invalid-json", file, template, line=error.lineno, column=error.colno)
        )
    except ValueError:  # NaN/Infinity, integers too long to convert
        template = _("%(file)s: the file is not valid JSON.")
        issues.append(Issue.of("invalid-json", file, template))
    except RecursionError:
        template = _("%(file)s: the JSON data is nested too deeply.")
        issues.append(Issue.of("invalid-json", file, template))
    return UNUSABLE


def _refuse_constant(name: str) -> Any:
    """NaN and Infinity are not JSON; the player could not read them back."""
    raise ValueError(name)


def _load_typed(
    file: str, json_files: Mapping[str, bytes | None], issues: list[Issue], kind: type
) -> Any:
    """A JSON file whose top-level value must be an object (dict) or an array (list)."""
    value = _load_json(file, json_files, issues)
    if value is UNUSABLE or isinstance(value, kind):
        return value
    if kind is dict:
        template = _("%(file)s: the top-level value must be a JSON object.")
    else:
        template = _("%(file)s: the top-level value must be a JSON array.")
    issues.append(Issue.of("invalid-json", file, template))
    return UNUSABLE


def _parse_libraries(
    layout: _Layout, json_files: Mapping[str, bytes | None], issues: list[Issue]
) -> tuple[dict[LibraryRef, PackageLibrary], bool]:
    """Every library folder; the flag is False when one of them is unusable."""
    libraries: dict[LibraryRef, PackageLibrary] = {}
    all_ok = True
    for folder, files in sorted(layout.libraries.items()):
        library = _parse_library(folder, files, json_files, issues)
        if library is None:
            all_ok = False
        else:
            libraries[library.ref] = library
    return libraries, all_ok


def _parse_library(
    folder: str,
    files: Mapping[str, Entry],
    json_files: Mapping[str, bytes | None],
    issues: list[Issue],
) -> PackageLibrary | None:
    """One library folder: library.json, semantics.json and language files."""
    before = len(issues)
    data = _load_typed(f"{folder}/library.json", json_files, issues, dict)
    if "semantics.json" in files:
        _load_typed(f"{folder}/semantics.json", json_files, issues, list)
    template = _("%(file)s: invalid language file name (expected e.g. fr.json or pt-br.json).")
    for rel in sorted(files):
        if not rel.startswith("language/"):
            continue
        name = rel.removeprefix("language/")
        if "/" in name or not _LANGUAGE_FILE.fullmatch(name):
            path = display_name(f"{folder}/{rel}")
            issues.append(Issue.of("invalid-language-file", path, template))
        else:
            _load_typed(f"{folder}/{rel}", json_files, issues, dict)
    if data is UNUSABLE:
        return None
    library = parse_library_json(folder, data, tuple(sorted(files)), issues)
    return library if len(issues) == before else None
