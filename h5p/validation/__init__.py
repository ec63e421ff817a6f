"""Validation of untrusted H5P packages (.h5p zip archives), without Django models.

Entry points: ``validate_package`` (raises ``PackageInvalid`` with every broken rule, in the
active language) and ``extract_package`` (writes what was validated, nothing else).

Choices worth knowing (see each module for the details):

* Extension whitelists are H5P core 1.26's: svg is allowed in content as in core, so content
  files must be served where scripts in an SVG cannot reach session cookies.
* As in H5P core, names with a segment starting with "." or "_" (``.DS_Store``, ``__MACOSX/``)
  and files at the root other than h5p.json (e.g. ``H5P_CONTENT_HERE.txt``) are ignored: never
  read nor extracted, and listed in ``ValidatedPackage.ignored_files``.
* Library folders must be named ``machineName-major.minor``; core also accepts a bare
  ``machineName``, which no current H5P export produces.
* Versions in h5p.json may be strings of digits ("1"), as every real export writes them;
  embedTypes is optional (core requires it, the player ignores it). JSON must be strict: no
  NaN/Infinity, UTF-8 (a BOM is tolerated).
* ``installed_libraries`` is a set of (machineName, major, minor), or a mapping from each to its
  own preloaded dependencies so that ``required_libraries`` orders them too; installed libraries
  are trusted (their coreApi and dependencies were checked when they were installed).
* Only runtime (preloaded and dynamic) dependencies must be satisfied; editor dependencies are
  recorded but not required, the platform only plays content.
"""

from .dependencies import cycle_issue, load_order, missing_issue, no_edges
from .extract import ExtractionError, extract_package
from .package import validate_package
from .schema import declared_dependencies
from .types import (
    CONTENT_EXTENSIONS,
    DEFAULT_EXTENSIONS,
    DEFAULT_LIMITS,
    FORBIDDEN_EXTENSIONS,
    LIBRARY_EXTENSIONS,
    MACHINE_NAME_MAX_LENGTH,
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

__all__ = [
    "CONTENT_EXTENSIONS",
    "DEFAULT_EXTENSIONS",
    "DEFAULT_LIMITS",
    "FORBIDDEN_EXTENSIONS",
    "LIBRARY_EXTENSIONS",
    "MACHINE_NAME_MAX_LENGTH",
    "SUPPORTED_CORE_API",
    "AllowedExtensions",
    "ExtractionError",
    "InstalledLibraries",
    "Issue",
    "LibraryRef",
    "Limits",
    "PackageInvalid",
    "PackageLibrary",
    "PackageMetadata",
    "ValidatedPackage",
    "cycle_issue",
    "declared_dependencies",
    "extract_package",
    "load_order",
    "missing_issue",
    "no_edges",
    "validate_package",
]
