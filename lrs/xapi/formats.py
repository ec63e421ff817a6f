"""Small string formats used in xAPI statements: UUIDs, SHA-1/SHA-2 hex digests, media types."""

from __future__ import annotations

import re

__all__ = ["is_media_type", "is_sha1_hex", "is_sha2_hex", "is_uuid", "normalize_uuid"]

_HEX = "[0-9A-Fa-f]"
_UUID_RE = re.compile(rf"{_HEX}{{8}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{12}}")
_SHA1_RE = re.compile(r"[0-9A-Fa-f]{40}")
_SHA2_RE = re.compile(r"[0-9A-Fa-f]{56}|[0-9A-Fa-f]{64}|[0-9A-Fa-f]{96}|[0-9A-Fa-f]{128}")
_MEDIA_TYPE_RE = re.compile(  # RFC 7230 token "/" token, then optional parameters
    r"[!#$%&'*+.^_`|~0-9A-Za-z\-]+/[!#$%&'*+.^_`|~0-9A-Za-z\-]+(?:\s*;.*)?", re.DOTALL
)


def is_uuid(value: str) -> bool:
    """Return True for a UUID in standard 8-4-4-4-12 hex form (any version/variant, any case)."""
    return _UUID_RE.fullmatch(value) is not None


def normalize_uuid(value: str) -> str:
    """Return the canonical lowercase form of a UUID string (for comparison and indexing)."""
    return value.lower()


def is_sha1_hex(value: str) -> bool:
    """Return True for a 40-digit hex SHA-1 digest (``mbox_sha1sum``)."""
    return _SHA1_RE.fullmatch(value) is not None


def is_sha2_hex(value: str) -> bool:
    """Return True for a hex SHA-224/256/384/512 digest (attachment ``sha2``)."""
    return _SHA2_RE.fullmatch(value) is not None


def is_media_type(value: str) -> bool:
    """Return True for an Internet media type ``type/subtype[; parameters]``."""
    return _MEDIA_TYPE_RE.fullmatch(value) is not None
