"""xAPI version handling (``X-Experience-API-Version`` header and the statement ``version``).

All version knowledge lives in ``SUPPORTED``: adding xAPI 2.0 means adding ``(2, 0): "2.0.0"``
there (plus the behaviour branches elsewhere that depend on ``XapiVersion.family``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "LATEST",
    "SUPPORTED",
    "SUPPORTED_VERSIONS",
    "UnsupportedVersionError",
    "XapiVersion",
    "is_valid_statement_version",
    "parse_version_header",
    "response_version",
]

#: Supported version families (major, minor) -> the full version the LRS reports for them.
#: This is the one place to edit to support another family (e.g. ``(2, 0): "2.0.0"``).
SUPPORTED: dict[tuple[int, int], str] = {(1, 0): "1.0.3"}
#: Versions to list in the About resource, newest first.
SUPPORTED_VERSIONS: list[str] = [SUPPORTED[family] for family in sorted(SUPPORTED, reverse=True)]
#: Latest version this LRS implements ("1.0.3"); answer each request with response_version().
LATEST: str = SUPPORTED_VERSIONS[0]

_VERSION_RE = re.compile(r"(\d+)\.(\d+)(?:\.(\d+))?")


class UnsupportedVersionError(ValueError):
    """The version header is missing, malformed or names an unsupported xAPI version."""


@dataclass(frozen=True, order=True)
class XapiVersion:
    """A parsed xAPI version; ``1.0`` is read as ``1.0.0``."""

    major: int
    minor: int
    patch: int

    def __str__(self) -> str:
        """Return ``major.minor.patch``."""
        return f"{self.major}.{self.minor}.{self.patch}"

    @property
    def family(self) -> str:
        """Return ``major.minor`` (e.g. ``"1.0"``), the level at which behaviour differs."""
        return f"{self.major}.{self.minor}"


def _parse(value: str) -> XapiVersion | None:
    """Parse ``x.y`` or ``x.y.z`` into an XapiVersion, or return None."""
    match = _VERSION_RE.fullmatch(value)
    if match is None:
        return None
    return XapiVersion(int(match[1]), int(match[2]), int(match[3] or "0"))


def parse_version_header(value: str | None) -> XapiVersion:
    """Parse an ``X-Experience-API-Version`` header; raise UnsupportedVersionError if unusable."""
    if value is None or not value.strip():
        raise UnsupportedVersionError("X-Experience-API-Version header is required")
    version = _parse(value.strip())
    if version is None:
        raise UnsupportedVersionError(f"X-Experience-API-Version {value!r} is not a version")
    if (version.major, version.minor) not in SUPPORTED:
        supported = ", ".join(f"{major}.{minor}.x" for major, minor in SUPPORTED)
        raise UnsupportedVersionError(
            f"X-Experience-API-Version {value!r} is not supported (supported: {supported})"
        )
    return version


def response_version(version: XapiVersion | None = None) -> str:
    """Return the version to send back: the latest patch of the request's family, or LATEST."""
    if version is None:
        return LATEST
    return SUPPORTED.get((version.major, version.minor), LATEST)


def is_valid_statement_version(value: str) -> bool:
    """Return True if a statement's ``version`` property names a supported version."""
    version = _parse(value)
    return version is not None and (version.major, version.minor) in SUPPORTED
