"""Serving files with HTTP range requests (RFC 9110, section 14).

Django's FileResponse always sends the whole file. Media players need byte ranges: Safari
plays no video without them, and every browser seeks in audio and video by asking for a
range. `ranged_file_response` answers one `bytes=` range with 206 Partial Content, an
unsatisfiable one with 416, and anything else (no Range header, several ranges, another
unit, a malformed header) with the whole file, as the RFC allows a server to do.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse

CHUNK = 64 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class RangeNotSatisfiable(ValueError):
    """A well-formed range of which no byte lies in the file (416)."""


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """The inclusive (first, last) byte positions one `bytes=` range asks for.

    None: no usable single range (serve the whole file). Raises RangeNotSatisfiable when
    the range is well formed but starts past the end of the file.
    """
    found = _RANGE.match(header.strip().replace(" ", ""))
    if found is None:
        return None
    first_text, last_text = found.groups()
    if not first_text:
        if not last_text:
            return None
        suffix = int(last_text)  # the last N bytes
        if suffix == 0 or size == 0:
            raise RangeNotSatisfiable(header)
        return (max(size - suffix, 0), size - 1)
    first = int(first_text)
    last = int(last_text) if last_text else None
    if last is not None and last < first:
        return None  # invalid: ignore the header
    if first >= size:
        raise RangeNotSatisfiable(header)
    if last is None:
        last = size - 1
    return (first, min(last, size - 1))


def _chunks(path: Path, first: int, length: int) -> Iterator[bytes]:
    """`length` bytes of a file from `first`, in chunks (the file is closed at the end)."""
    with path.open("rb") as handle:
        handle.seek(first)
        left = length
        while left > 0:
            data = handle.read(min(CHUNK, left))
            if not data:
                break
            left -= len(data)
            yield data


def ranged_file_response(
    request: HttpRequest, path: Path, content_type: str
) -> FileResponse | StreamingHttpResponse | HttpResponse:
    """The file, or the single byte range the request asks for (200, 206 or 416)."""
    size = path.stat().st_size
    header = request.headers.get("Range", "")
    try:
        wanted = parse_range(header, size) if header else None
    except RangeNotSatisfiable:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        response["Accept-Ranges"] = "bytes"
        return response
    if wanted is None:
        response = FileResponse(path.open("rb"), content_type=content_type)
    else:
        first, last = wanted
        length = last - first + 1
        response = StreamingHttpResponse(
            _chunks(path, first, length), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
        response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    return response
