"""The one place where the LRS behaves differently by xAPI version.

The request's `X-Experience-API-Version` header (parsed by `lrs.xapi.versions`) selects a
`Behaviour`. xAPI 1.0.x is served today; serving xAPI 2.0 (IEEE 9274.1.1) beside it from
the same store means adding `(2, 0): "2.0.0"` to `lrs.xapi.versions.SUPPORTED` and a 2.0
entry below: no alternate request syntax, concurrency headers required on State too, and a
header-less PUT of a new profile document accepted.
"""

from __future__ import annotations

from dataclasses import dataclass

from lrs.services.documents import MissingPrecondition
from lrs.xapi.versions import LATEST, SUPPORTED, XapiVersion


@dataclass(frozen=True)
class Behaviour:
    """What one xAPI version family asks of the LRS."""

    response_version: str  # sent in X-Experience-API-Version
    alternate_syntax: bool  # POST ?method=PUT|GET|DELETE with form fields
    profile_put_without_precondition: MissingPrecondition
    state_put_without_precondition: MissingPrecondition


_BEHAVIOURS: dict[tuple[int, int], Behaviour] = {
    (1, 0): Behaviour(
        response_version=SUPPORTED[(1, 0)],
        alternate_syntax=True,
        # The v1_0_3 conformance suite expects 400 for a header-less PUT of a new profile
        # document (XAPI-00273) and 409 when the document exists (Communication 3.1).
        profile_put_without_precondition=MissingPrecondition.REFUSE,
        state_put_without_precondition=MissingPrecondition.ALLOW,
    ),
}

DEFAULT = _BEHAVIOURS[(1, 0)]


def behaviour_for(version: XapiVersion | None) -> Behaviour:
    """The behaviour for a request's version (the latest when the header was absent)."""
    if version is None:
        return DEFAULT
    return _BEHAVIOURS.get((version.major, version.minor), DEFAULT)


def about_versions() -> list[str]:
    """Every version the LRS speaks, newest first, for GET /about (1.0.3, 1.0.2, …)."""
    versions: list[str] = []
    for family in sorted(SUPPORTED, reverse=True):
        major, minor, patch = (int(part) for part in SUPPORTED[family].split("."))
        versions.extend(f"{major}.{minor}.{number}" for number in range(patch, -1, -1))
    return versions


LATEST_VERSION = LATEST
