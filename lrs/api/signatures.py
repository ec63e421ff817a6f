"""Signed statements (xAPI 1.0.3, Data 2.6): checking the JWS of a signature attachment.

A signature is an attachment with usageType `http://adlnet.gov/expapi/attachments/signature`
and contentType `application/octet-stream`, whose content is a JWS in compact
serialization, signed with RS256, RS384 or RS512, whose payload is the statement as it
was before the signature was attached. The LRS refuses a JWS that does not decode, uses
another algorithm or whose payload does not match the statement. When the JWS header
carries an `x5c` certificate chain, the signature is verified with the first
certificate's public key (through `cryptography`; no cryptography is written here).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from lrs.services.statements import comparable
from lrs.xapi.errors import StatementValidationError
from lrs.xapi.helpers import normalize_context_activities
from lrs.xapi.validation import decode_json

SIGNATURE_USAGE = "http://adlnet.gov/expapi/attachments/signature"
SIGNATURE_CONTENT_TYPE = "application/octet-stream"
ALGORITHMS: dict[str, type[hashes.HashAlgorithm]] = {
    "RS256": hashes.SHA256,
    "RS384": hashes.SHA384,
    "RS512": hashes.SHA512,
}


def _b64url(segment: str, field: str) -> bytes:
    """Decode one base64url segment of a JWS."""
    try:
        return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except (binascii.Error, ValueError):
        raise StatementValidationError(field, "is not a JWS: a segment is not base64url") from None


def _verify(
    header: Mapping[str, Any], algorithm: str, signing_input: bytes, signature: bytes, field: str
) -> None:
    """Verify the signature with the leaf certificate of the x5c chain."""
    chain = header.get("x5c")
    if not isinstance(chain, list) or not chain or not isinstance(chain[0], str):
        raise StatementValidationError(field, "x5c must be a list of base64 DER certificates")
    try:
        certificate = x509.load_der_x509_certificate(base64.b64decode(chain[0]))
    except (binascii.Error, ValueError):
        raise StatementValidationError(field, "x5c[0] is not a DER certificate") from None
    key = certificate.public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        raise StatementValidationError(field, f"{algorithm} needs an RSA certificate in x5c")
    try:
        key.verify(signature, signing_input, padding.PKCS1v15(), ALGORITHMS[algorithm]())
    except InvalidSignature:
        raise StatementValidationError(
            field, "the JWS signature does not verify with x5c[0]"
        ) from None


def check_signature(
    statement: Mapping[str, Any], *, content_type: str, jws: bytes, field: str
) -> None:
    """Refuse (400) a signature attachment whose JWS is malformed or does not match."""
    if content_type.split(";", 1)[0].strip().lower() != SIGNATURE_CONTENT_TYPE:
        raise StatementValidationError(
            f"{field}.contentType", f"a signature must be {SIGNATURE_CONTENT_TYPE}"
        )
    try:
        text = jws.decode("ascii").strip()
    except UnicodeDecodeError:
        raise StatementValidationError(field, "is not a JWS in compact serialization") from None
    segments = text.split(".")
    if len(segments) != 3 or not all(segments):
        raise StatementValidationError(field, "is not a JWS in compact serialization")
    header = decode_json(_b64url(segments[0], field), name=f"{field} JWS header")
    if not isinstance(header, dict):
        raise StatementValidationError(field, "the JWS header must be a JSON object")
    algorithm = header.get("alg")
    if algorithm not in ALGORITHMS:
        raise StatementValidationError(
            field, f"the JWS algorithm must be RS256, RS384 or RS512 (got {algorithm!r})"
        )
    payload = decode_json(_b64url(segments[1], field), name=f"{field} JWS payload")
    if not isinstance(payload, dict):
        raise StatementValidationError(field, "the JWS payload must be a statement (JSON object)")
    signed = normalize_context_activities(payload)
    received = normalize_context_activities(dict(statement))
    if comparable(signed) != comparable(received):
        raise StatementValidationError(field, "the JWS payload does not match the statement")
    signature = _b64url(segments[2], field)
    if "x5c" in header:
        signing_input = f"{segments[0]}.{segments[1]}".encode("ascii")
        _verify(header, algorithm, signing_input, signature, field)
