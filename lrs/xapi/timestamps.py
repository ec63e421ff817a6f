"""ISO 8601 timestamps for xAPI 1.0.3 (Data 4.5): parsing, validation and formatting.

Accepted: a calendar date and a time of day in extended (``2013-05-18T05:32:34.804+02:00``)
or basic (``20130518T053234.804+0200``) format; seconds and fractions are optional; ``.`` or
``,`` before the fraction. The offset is ``Z`` or ``±hh[:mm]``/``±hhmm``; the "unknown local
offset" forms ``-00``, ``-0000`` and ``-00:00`` are rejected (the ADL conformance suite tests
this). A timestamp without an offset is accepted (1.0.3 says it SHOULD include one) and is
read as UTC. Parsed values are timezone-aware UTC datetimes; digits past microseconds are
truncated.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

__all__ = ["format_timestamp", "is_timestamp", "parse_timestamp"]

_EXTENDED = (
    r"(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})[Tt](?P<h>\d{2}):(?P<mi>\d{2})"
    r"(?::(?P<s>\d{2})(?:[.,](?P<f>\d+))?)?"
)
_BASIC = (
    r"(?P<y>\d{4})(?P<mo>\d{2})(?P<d>\d{2})[Tt](?P<h>\d{2})(?P<mi>\d{2})"
    r"(?:(?P<s>\d{2})(?:[.,](?P<f>\d+))?)?"
)
_OFFSET = r"(?P<tz>[Zz]|(?P<sign>[+-])(?P<oh>\d{2})(?::?(?P<om>\d{2}))?)?"
_EXTENDED_RE = re.compile(_EXTENDED + _OFFSET)
_BASIC_RE = re.compile(_BASIC + _OFFSET)


def _offset(match: re.Match[str]) -> timezone | None:
    """Return the UTC offset of a matched timestamp, or None for an invalid offset."""
    if match["tz"] is None or match["tz"] in "Zz":
        return UTC
    hours = int(match["oh"])
    minutes = int(match["om"] or "0")
    if hours > 23 or minutes > 59:
        return None
    if match["sign"] == "-":
        if hours == 0 and minutes == 0:
            return None
        return timezone(-timedelta(hours=hours, minutes=minutes))
    return timezone(timedelta(hours=hours, minutes=minutes))


def parse_timestamp(value: str) -> datetime:
    """Parse an xAPI timestamp into an aware UTC datetime; raise ValueError if invalid."""
    match = _EXTENDED_RE.fullmatch(value) or _BASIC_RE.fullmatch(value)
    if match is None:
        raise ValueError(f"not an ISO 8601 date-time: {value!r}")
    tz = _offset(match)
    if tz is None:
        raise ValueError(f"invalid UTC offset in {value!r}")
    fraction = (match["f"] or "")[:6].ljust(6, "0")
    try:
        moment = datetime(
            int(match["y"]),
            int(match["mo"]),
            int(match["d"]),
            int(match["h"]),
            int(match["mi"]),
            int(match["s"] or "0"),
            int(fraction),
            tzinfo=tz,
        )
        return moment.astimezone(UTC)
    except OverflowError:
        raise ValueError(f"date-time out of range: {value!r}") from None


def is_timestamp(value: str) -> bool:
    """Return True if ``value`` is an acceptable xAPI timestamp."""
    try:
        parse_timestamp(value)
    except ValueError:
        return False
    return True


def format_timestamp(moment: datetime) -> str:
    """Format an aware datetime as UTC ISO 8601 with millisecond precision and ``Z``."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
