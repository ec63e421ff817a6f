"""multipart/mixed bodies: statements with their attachments (xAPI 1.0.3, Communication 1.5.2).

The first part holds the statements (application/json); each other part holds one
attachment, with `X-Experience-API-Hash` (its SHA-2 in hex) and
`Content-Transfer-Encoding: binary`.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from lrs.api.errors import bad_request

HASH_HEADER = "x-experience-api-hash"
_SHA2_BY_LENGTH = {56: hashlib.sha224, 64: hashlib.sha256, 96: hashlib.sha384, 128: hashlib.sha512}


@dataclass(frozen=True)
class Part:
    """One part of a multipart body: its headers (lower-case names) and content."""

    headers: dict[str, str]
    content: bytes

    @property
    def content_type(self) -> str:
        """The part's media type, without parameters."""
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()


def boundary_of(content_type: str) -> str:
    """The boundary parameter of a multipart Content-Type header."""
    for parameter in content_type.split(";")[1:]:
        name, _sep, value = parameter.strip().partition("=")
        if name.strip().lower() == "boundary" and value.strip():
            return value.strip().strip('"')
    raise bad_request("Content-Type", "multipart/mixed needs a boundary parameter")


def _headers(block: bytes, index: int) -> dict[str, str]:
    """The headers of one part."""
    headers: dict[str, str] = {}
    for line in block.replace(b"\r\n", b"\n").split(b"\n"):
        if not line.strip():
            continue
        name, sep, value = line.partition(b":")
        if not sep:
            raise bad_request(f"multipart part {index}", "has a malformed header line")
        headers[name.decode("latin-1").strip().lower()] = value.decode("latin-1").strip()
    return headers


def _part(section: bytes, index: int) -> Part:
    """One part: the line break after the delimiter, headers, a blank line, the content,
    and the line break that belongs to the next delimiter."""
    if section.startswith(b"\r\n"):
        section = section[2:]
    elif section.startswith(b"\n"):
        section = section[1:]
    else:
        raise bad_request(f"multipart part {index}", "must start on a new line")
    if section.startswith((b"\r\n", b"\n")):  # no header at all
        head, content = b"", section[2:] if section.startswith(b"\r\n") else section[1:]
    else:
        head, sep, content = section.partition(b"\r\n\r\n")
        if not sep:
            head, sep, content = section.partition(b"\n\n")
        if not sep:
            raise bad_request(f"multipart part {index}", "has no blank line after its headers")
    if content.endswith(b"\r\n"):
        content = content[:-2]
    elif content.endswith(b"\n"):
        content = content[:-1]
    return Part(headers=_headers(head, index), content=content)


def parse_multipart(body: bytes, content_type: str) -> list[Part]:
    """The parts of a multipart/mixed body; 400 when it is malformed."""
    delimiter = b"--" + boundary_of(content_type).encode("latin-1")
    sections = body.split(delimiter)
    if len(sections) < 3:
        raise bad_request("body", "is not a multipart/mixed body with the announced boundary")
    parts: list[Part] = []
    for index, section in enumerate(sections[1:]):
        if section.startswith(b"--"):
            break
        parts.append(_part(section, index))
    else:
        raise bad_request("body", "multipart/mixed body must end with the closing boundary")
    if not parts:
        raise bad_request("body", "multipart/mixed body has no part")
    return parts


def sha2_matches(content: bytes, sha2: str) -> bool:
    """Whether `sha2` (224, 256, 384 or 512 bits, hex) is the digest of `content`."""
    algorithm = _SHA2_BY_LENGTH.get(len(sha2))
    return algorithm is not None and algorithm(content).hexdigest() == sha2.lower()


def build_multipart(
    first: bytes, attachments: Sequence[tuple[str, str, bytes]]
) -> tuple[bytes, str]:
    """A multipart/mixed body: JSON first, then (sha2, content type, content) parts."""
    boundary = "xapi-" + secrets.token_hex(16)
    chunks = [
        f"--{boundary}\r\nContent-Type: application/json\r\n\r\n".encode(),
        first,
        b"\r\n",
    ]
    for sha2, content_type, content in attachments:
        chunks += [
            (
                f"--{boundary}\r\nContent-Type: {content_type}\r\n"
                f"Content-Transfer-Encoding: binary\r\nX-Experience-API-Hash: {sha2}\r\n\r\n"
            ).encode(),
            content,
            b"\r\n",
        ]
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/mixed; boundary={boundary}"
