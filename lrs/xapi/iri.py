"""Syntax checks for absolute IRIs/IRLs (RFC 3987) and ``mailto:`` IRIs used as xAPI IFIs.

The check is syntactic: a scheme (RFC 3986 section 3.1), a colon, then a non-empty run of
characters allowed in an IRI (unreserved, reserved, percent-encoded octets and the non-ASCII
ranges of RFC 3987 ``ucschar``/``iprivate``), with at most one ``#``. Whitespace, control
characters and the ASCII characters ``"<>\\^`{|}`` are rejected. Results are cached because
the same verb, activity and extension IRIs recur in nearly every statement.
"""

from __future__ import annotations

import re

__all__ = ["is_iri", "is_mailto_iri"]

_IRI_CHAR = (
    r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?\[\]]"
    r"|%[0-9A-Fa-f]{2}"
    r"|[\u00a0-\ud7ff\ue000-\ufdcf\ufdf0-\uffef\U00010000-\U0010fffd])"
)
_IRI_RE = re.compile(
    rf"[A-Za-z][A-Za-z0-9+.\-]*:{_IRI_CHAR}+(?:#{_IRI_CHAR}*)?",
)
_MAILTO_RE = re.compile(r"mailto:[^@\s?#<>\"]+@[^@\s?#<>\"/\\]+")

_CACHE_LIMIT = 65536  # entries
_CACHEABLE_LENGTH = 512  # longer values are checked every time, never kept in memory
_iri_cache: dict[str, bool] = {}


def is_iri(value: str) -> bool:
    """Return True if ``value`` is a syntactically valid absolute IRI (scheme required)."""
    cached = _iri_cache.get(value)
    if cached is not None:
        return cached
    result = _IRI_RE.fullmatch(value) is not None
    if len(value) <= _CACHEABLE_LENGTH:
        if len(_iri_cache) >= _CACHE_LIMIT:
            _iri_cache.clear()
        _iri_cache[value] = result
    return result


def is_mailto_iri(value: str) -> bool:
    """Return True if ``value`` is a ``mailto:`` IRI holding exactly one e-mail address."""
    return _MAILTO_RE.fullmatch(value) is not None and is_iri(value)
