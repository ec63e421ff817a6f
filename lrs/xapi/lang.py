"""RFC 5646 language tags: well-formedness, validity checks and Accept-Language matching.

A tag is accepted when it matches the RFC 5646 ABNF (``langtag``, ``privateuse`` or one of
the grandfathered tags) and, as RFC 5646 section 2.2.9 requires of valid tags, repeats no
variant and no extension singleton (``ar-a-aaa-a-bbb`` is rejected, as the ADL conformance
suite expects). Subtags are not checked against the IANA registry.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

__all__ = ["is_language_tag", "pick_language"]

_GRANDFATHERED_TAGS = (
    "en-gb-oed i-ami i-bnn i-default i-enochian i-hak i-klingon i-lux i-mingo i-navajo "
    "i-pwn i-tao i-tay i-tsu sgn-be-fr sgn-be-nl sgn-ch-de art-lojban cel-gaulish no-bok "
    "no-nyn zh-guoyu zh-hakka zh-min zh-min-nan zh-xiang"
)
_GRANDFATHERED = frozenset(_GRANDFATHERED_TAGS.split())

_LANGTAG_RE = re.compile(
    r"""
    (?:
        (?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})   # language [-extlang]
        (?:-[a-z]{4})?                                        # script
        (?:-(?:[a-z]{2}|[0-9]{3}))?                           # region
        (?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*              # variants
        (?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*                  # extensions
        (?:-x(?:-[a-z0-9]{1,8})+)?                            # private use
    |
        x(?:-[a-z0-9]{1,8})+                                  # private use only
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)

_CACHE_LIMIT = 4096  # entries
_CACHEABLE_LENGTH = 64  # longer values are checked every time, never kept in memory
_tag_cache: dict[str, bool] = {}


def _has_repeated_subtags(tag: str) -> bool:
    """Return True if a variant or an extension singleton occurs twice (RFC 5646 2.2.9)."""
    subtags = tag.lower().split("-")
    seen_singletons: set[str] = set()
    seen_variants: set[str] = set()
    in_extensions = False
    for subtag in subtags[1:]:
        if subtag == "x":
            break
        if len(subtag) == 1:
            if subtag in seen_singletons:
                return True
            seen_singletons.add(subtag)
            in_extensions = True
        elif not in_extensions and (len(subtag) >= 5 or (len(subtag) == 4 and subtag[0].isdigit())):
            if subtag in seen_variants:
                return True
            seen_variants.add(subtag)
    return False


def _check_tag(tag: str) -> bool:
    """Uncached RFC 5646 check."""
    if tag.lower() in _GRANDFATHERED:
        return True
    if not tag.isascii() or _LANGTAG_RE.fullmatch(tag) is None:
        return False
    return not _has_repeated_subtags(tag)


def is_language_tag(tag: str) -> bool:
    """Return True if ``tag`` is a well-formed RFC 5646 tag without repeated variants/singletons."""
    cached = _tag_cache.get(tag)
    if cached is not None:
        return cached
    result = _check_tag(tag)
    if len(tag) <= _CACHEABLE_LENGTH:
        if len(_tag_cache) >= _CACHE_LIMIT:
            _tag_cache.clear()
        _tag_cache[tag] = result
    return result


def _match_one(keys_lower: dict[str, str], preferred: str) -> str | None:
    """Return the map key matching one language range, or None.

    Tries the range itself, then ever shorter truncations of it (``fr-CA`` -> ``fr``); at each
    level an exact key wins over a key that merely starts with it (``fr`` -> ``fr-FR``).
    """
    wanted = preferred.lower()
    while wanted:
        if wanted in keys_lower:
            return keys_lower[wanted]
        for lowered, original in keys_lower.items():
            if lowered.startswith(wanted + "-"):
                return original
        wanted = wanted.rpartition("-")[0]
    return None


def pick_language(language_map: Mapping[str, str], preferences: Sequence[str]) -> str | None:
    """Return the key of ``language_map`` best matching ``preferences`` (best first), or None."""
    if not language_map:
        return None
    keys_lower = {key.lower(): key for key in language_map}
    for preferred in preferences:
        if preferred == "*":
            return next(iter(language_map))
        found = _match_one(keys_lower, preferred)
        if found is not None:
            return found
    for fallback in ("en-us", "en"):
        if fallback in keys_lower:
            return keys_lower[fallback]
    return next(iter(language_map))
