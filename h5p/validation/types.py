"""Value types of the H5P package validator: results, limits, policies and the error."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

MIB = 1024 * 1024

# H5P core API level of the player we ship (h5p-standalone 3.8 vendors H5P core 1.26).
SUPPORTED_CORE_API: tuple[int, int] = (1, 26)

# H5PCore::$defaultContentWhitelist of H5P core 1.26, verbatim (svg is allowed by core).
_CORE_CONTENT_WHITELIST = (
    "json png jpg jpeg gif bmp tif tiff svg eot ttf woff woff2 otf webm mp4 ogg mp3 m4a wav "
    "txt pdf rtf doc docx xls xlsx ppt pptx odt ods odp xml csv diff patch swf md textile "
    "vtt webvtt gltf glb"
)
_NEVER_ALLOWED = (
    "php php3 php4 php5 php7 php8 phtml pht phps phar html htm xhtml shtml shtm "
    "cgi pl py asp aspx jsp exe sh bat"
)
CONTENT_EXTENSIONS: frozenset[str] = frozenset(_CORE_CONTENT_WHITELIST.split())
# Libraries may also hold code: H5PCore::$defaultLibraryWhitelistExtras.
LIBRARY_EXTENSIONS: frozenset[str] = CONTENT_EXTENSIONS | {"js", "css"}
# Refused everywhere, whatever a custom whitelist says (server-side code and HTML documents).
FORBIDDEN_EXTENSIONS: frozenset[str] = frozenset(_NEVER_ALLOWED.split())


# The longest machine name stored (H5P core allows 255; the H5PLibrary column holds 127).
MACHINE_NAME_MAX_LENGTH = 127


class LibraryRef(NamedTuple):
    """A library version as H5P dependencies name it; equal to a plain (name, major, minor)."""

    machine_name: str
    major: int
    minor: int

    @property
    def folder_name(self) -> str:
        """Folder name of this library inside a package or a library root."""
        return f"{self.machine_name}-{self.major}.{self.minor}"

    def __str__(self) -> str:
        return f"{self.machine_name} {self.major}.{self.minor}"


# Either a plain set of installed libraries (treated as leaves of the dependency graph), or a
# mapping from each installed library to its own preloaded dependencies (to order them too).
InstalledLibraries = Collection[LibraryRef] | Mapping[LibraryRef, Sequence[LibraryRef]]


@dataclass(frozen=True)
class Limits:
    """Resource caps applied while reading an untrusted archive."""

    max_archive_bytes: int = 200 * MIB
    max_files: int = 5000
    max_file_bytes: int = 50 * MIB
    max_total_bytes: int = 200 * MIB
    max_ratio: int = 100
    ratio_min_bytes: int = 1 * MIB
    max_path_chars: int = 1024
    max_json_bytes: int = 16 * MIB


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class AllowedExtensions:
    """Lower-case extension whitelists for content files and for library files."""

    content: frozenset[str] = CONTENT_EXTENSIONS
    library: frozenset[str] = LIBRARY_EXTENSIONS


DEFAULT_EXTENSIONS = AllowedExtensions()


@dataclass(frozen=True)
class Issue:
    """One broken rule: a stable code for programs, the file concerned and a translated text."""

    code: str
    file: str
    message: str

    def __str__(self) -> str:
        return self.message

    @classmethod
    def of(cls, code: str, file: str, template: str, **params: object) -> Issue:
        """Fill an already translated ``template`` with ``file`` and ``params``."""
        return cls(code, file, template % {"file": file, **params})


class PackageInvalid(Exception):
    """The package breaks one or more rules; ``errors`` lists every message found."""

    def __init__(self, issues: Sequence[Issue]) -> None:
        self.issues: tuple[Issue, ...] = tuple(issues)
        self.errors: list[str] = [issue.message for issue in self.issues]
        super().__init__("\n".join(self.errors))


@dataclass(frozen=True)
class PackageMetadata:
    """The fields of h5p.json the platform uses; ``raw`` keeps the whole parsed file."""

    title: str
    main_library: str
    language: str
    preloaded_dependencies: tuple[LibraryRef, ...]
    dynamic_dependencies: tuple[LibraryRef, ...] = ()
    embed_types: tuple[str, ...] = ()
    license: str | None = None
    license_version: str | None = None
    default_language: str | None = None
    authors: tuple[Mapping[str, Any], ...] = ()
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False)


@dataclass(frozen=True)
class PackageLibrary:
    """A library shipped in the package, as described by its library.json."""

    ref: LibraryRef
    patch_version: int
    title: str
    runnable: bool
    folder: str
    core_api: tuple[int, int] | None = None
    preloaded_js: tuple[str, ...] = ()
    preloaded_css: tuple[str, ...] = ()
    preloaded_dependencies: tuple[LibraryRef, ...] = ()
    dynamic_dependencies: tuple[LibraryRef, ...] = ()
    editor_dependencies: tuple[LibraryRef, ...] = ()
    embed_types: tuple[str, ...] = ()
    files: tuple[str, ...] = ()  # relative to the folder, sorted
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False)

    @property
    def version(self) -> tuple[int, int, int]:
        """Full version (major, minor, patch)."""
        return (self.ref.major, self.ref.minor, self.patch_version)


@dataclass(frozen=True)
class ValidatedPackage:
    """Everything learnt from a package that passed every rule."""

    metadata: PackageMetadata
    content: Mapping[str, Any] = field(repr=False)  # content/content.json
    main_library: LibraryRef
    libraries: Mapping[LibraryRef, PackageLibrary]  # every library folder of the package
    content_files: tuple[str, ...]  # relative to content/, content.json included
    # Closure of the preloaded and dynamic dependencies of h5p.json, each library after its
    # preloaded dependencies (the order in which a player loads them).
    required_libraries: tuple[LibraryRef, ...]
    missing_libraries: tuple[LibraryRef, ...]  # required, not bundled: found installed
    ignored_files: tuple[str, ...]  # never read nor extracted (see the package docstring)
    sha256: str  # of the whole archive; extract_package checks it
    size: int  # of the whole archive, in bytes

    @property
    def bundled_required_libraries(self) -> tuple[PackageLibrary, ...]:
        """Required libraries shipped in the package, dependencies first."""
        return tuple(
            self.libraries[ref] for ref in self.required_libraries if ref in self.libraries
        )
