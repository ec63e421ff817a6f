"""ISO 8601:2004 durations as xAPI 1.0.3 (Data 4.6) allows them.

Accepted: ``PnYnMnDTnHnMnS`` with any subset of components (at least one, ``T`` only when a
time component follows) and the week form ``PnW``. Only the lowest-order component given may
carry a decimal fraction (``.`` or ``,``). The alternative format (``P0003-02-01T...``) and
signed durations are rejected.
"""

from __future__ import annotations

import re

__all__ = ["is_duration"]

_NUM = r"\d+(?:[.,]\d+)?"
_DURATION_RE = re.compile(
    rf"P(?!$)(?:({_NUM})Y)?(?:({_NUM})M)?(?:({_NUM})D)?"
    rf"(?:T(?=\d)(?:({_NUM})H)?(?:({_NUM})M)?(?:({_NUM})S)?)?"
)
_WEEK_RE = re.compile(rf"P{_NUM}W")


def is_duration(value: str) -> bool:
    """Return True if ``value`` is an ISO 8601 duration acceptable in an xAPI Result."""
    if _WEEK_RE.fullmatch(value):
        return True
    match = _DURATION_RE.fullmatch(value)
    if match is None:
        return False
    present = [group for group in match.groups() if group is not None]
    if not present:
        return False
    return not any("." in part or "," in part for part in present[:-1])
