"""JSON text on the statement write path: orjson where it gives the same values, `json` elsewhere.

A batch of statements is decoded from the request, its stored activity definitions are
decoded from the lookup query, and every statement is encoded again for COPY. With the
standard library these three took about a fifth of the web process's samples
(py-spy, bench/lrs_worker.py's batches of 100); orjson does the same work several times
faster (`python -m bench.lrs_web_cpu`, see lrs/README.md).

orjson is stricter than `json` and, on one point, lossy:

- it reads an integer beyond 64 bits as a float, so 123456789012345678901234567890 would
  lose digits. Text holding a run of 19 digits or more (a number that may not fit, or a
  long digit string, which costs nothing to send the slow way) goes to `json`;
- it refuses what `json` accepts: lone surrogate escapes, UTF-16/32 and a UTF-8 BOM in
  bytes, NaN and Infinity. On any refusal the text goes to `json` with the caller's
  hooks, so what is accepted, the values and the error messages stay those of `json`;
- it cannot write integers beyond 64 bits, lone surrogates or values nested more than 255
  levels deep: `dumps` writes those with `json`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import orjson

__all__ = ["dumps", "loads"]

# Every digit becomes "0" and every other byte a space: a run of 19 digits is then found
# by a substring search, an order of magnitude faster than a regular expression over a
# batch full of UUIDs and timestamps.
_DIGITS_ONLY = bytes(0x30 if 0x30 <= byte <= 0x39 else 0x20 for byte in range(256))
_LONG_RUN = b"0" * 19


def _may_hold_big_integer(text: bytes | str) -> bool:
    """Whether the text holds a run of 19 digits or more."""
    raw = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
    return _LONG_RUN in raw.translate(_DIGITS_ONLY)


def loads(
    text: bytes | str,
    *,
    parse_constant: Callable[[str], Any] | None = None,
    parse_float: Callable[[str], Any] | None = None,
) -> Any:
    """Decode JSON text as `json.loads(text, parse_constant=..., parse_float=...)` would, faster.

    The hooks are `json`'s, used on the slow path only: orjson accepts no text that they
    would refuse (it refuses NaN, Infinity and numbers overflowing a double itself).
    """
    if not _may_hold_big_integer(text):
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            pass
    return json.loads(text, parse_constant=parse_constant, parse_float=parse_float)


def dumps(value: Any) -> str:
    """Encode a decoded JSON value as compact text, non-ASCII characters kept as they are."""
    try:
        return orjson.dumps(value).decode()
    except TypeError:  # orjson.JSONEncodeError: big integers, lone surrogates, depth
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
