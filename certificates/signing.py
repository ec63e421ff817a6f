"""The issuer's Ed25519 key and VC-JWT signatures (JWS compact serialization, EdDSA).

All cryptography is done by the `cryptography` library; this module only does the
JWS plumbing (JSON, base64url, joining with dots, RFC 7515). The key comes from
settings, explicitly:

- `CERTIFICATES_SIGNING_KEY`: an Ed25519 private key in PEM (PKCS#8), or that PEM
  base64-encoded so it fits in one environment variable. Required in production
  (lms/settings.py refuses to start without it when DEBUG is off).
- otherwise `CERTIFICATES_SIGNING_KEY_FILE` (set only when DEBUG is on): a development
  key kept in a file outside MEDIA_ROOT, created on first use, so the demo works.
- `CERTIFICATES_RETIRED_KEYS`: the public keys of earlier signing keys (their JWK `x`,
  base64url), still published so that credentials signed before a rotation verify.

Each key is named by its RFC 7638 thumbprint, which is the last part of its `kid` URL:
a credential always points at the very key that signed it, whatever the current key is.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

ALGORITHM = "EdDSA"


class SignatureInvalid(ValueError):
    """A compact JWS that is malformed or whose signature does not verify."""


def b64url(data: bytes) -> str:
    """base64url without padding (RFC 7515, section 2)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Decode base64url without padding."""
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as error:
        raise SignatureInvalid("not base64url") from error


def private_key_parse(text: str) -> Ed25519PrivateKey:
    """An Ed25519 private key from PEM text or base64-encoded PEM."""
    raw = text.strip()
    if "-----BEGIN" not in raw:
        try:
            raw = base64.b64decode(raw, validate=True).decode("ascii")
        except (binascii.Error, ValueError, UnicodeDecodeError) as error:
            raise ImproperlyConfigured(
                "CERTIFICATES_SIGNING_KEY must be an Ed25519 private key in PEM, "
                "or that PEM encoded in base64."
            ) from error
    raw = raw.replace("\\n", "\n")
    try:
        key = serialization.load_pem_private_key(raw.encode("ascii"), password=None)
    except (ValueError, TypeError, UnicodeEncodeError) as error:
        raise ImproperlyConfigured(
            "CERTIFICATES_SIGNING_KEY is not a readable unencrypted PEM private key."
        ) from error
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured("CERTIFICATES_SIGNING_KEY must be an Ed25519 key.")
    return key


def private_key_pem(key: Ed25519PrivateKey) -> str:
    """A private key as PKCS#8 PEM text (for `generate_signing_key` and the dev file)."""
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")


def _development_key(path: Path) -> Ed25519PrivateKey:
    """Load the development key file, creating it (mode 600) on first use."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process created it first: read theirs
        else:
            with os.fdopen(descriptor, "w", encoding="ascii") as handle:
                handle.write(private_key_pem(Ed25519PrivateKey.generate()))
    return private_key_parse(path.read_text(encoding="ascii"))


@lru_cache(maxsize=4)
def _key_for(configured: str, file_path: str) -> Ed25519PrivateKey:
    """The key for one configuration (cached: settings do not change while serving)."""
    if configured:
        return private_key_parse(configured)
    if file_path:
        return _development_key(Path(file_path))
    raise ImproperlyConfigured(
        "Set CERTIFICATES_SIGNING_KEY (an Ed25519 private key in PEM or base64 PEM) "
        "to sign Open Badges."
    )


def signing_key() -> Ed25519PrivateKey:
    """The issuer's private key, as configured."""
    return _key_for(
        getattr(settings, "CERTIFICATES_SIGNING_KEY", "") or "",
        str(getattr(settings, "CERTIFICATES_SIGNING_KEY_FILE", "") or ""),
    )


def public_key() -> Ed25519PublicKey:
    """The issuer's public key."""
    return signing_key().public_key()


def public_jwk(key: Ed25519PublicKey | None = None) -> dict[str, str]:
    """A public key as a JWK (RFC 8037: kty OKP, crv Ed25519); never holds `d`."""
    key = key or public_key()
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "x": b64url(raw), "alg": ALGORITHM, "use": "sig"}


def jwk_thumbprint(key: Ed25519PublicKey) -> str:
    """The RFC 7638 thumbprint of a public key (SHA-256 of its required JWK members)."""
    jwk = public_jwk(key)
    members = {name: jwk[name] for name in ("crv", "kty", "x")}  # sorted, as the RFC asks
    canonical = json.dumps(members, separators=(",", ":"), sort_keys=True).encode("ascii")
    return b64url(hashlib.sha256(canonical).digest())


@lru_cache(maxsize=4)
def _retired(configured: tuple[str, ...]) -> tuple[Ed25519PublicKey, ...]:
    """The retired public keys of one configuration."""
    keys = []
    for value in configured:
        try:
            keys.append(Ed25519PublicKey.from_public_bytes(b64url_decode(value.strip())))
        except (SignatureInvalid, ValueError) as error:
            raise ImproperlyConfigured(
                f"CERTIFICATES_RETIRED_KEYS: {value.strip()[:12]}… is not an Ed25519 public "
                "key (the base64url `x` of its JWK, as `certificates_signing_key --public` "
                "prints it)."
            ) from error
    return tuple(keys)


def published_keys() -> dict[str, Ed25519PublicKey]:
    """Every key a credential may have been signed with, by thumbprint (current first)."""
    current = public_key()
    keys = {jwk_thumbprint(current): current}
    for key in _retired(tuple(getattr(settings, "CERTIFICATES_RETIRED_KEYS", ()) or ())):
        keys.setdefault(jwk_thumbprint(key), key)
    return keys


def public_key_from_jwk(jwk: dict[str, Any]) -> Ed25519PublicKey:
    """The public key of an Ed25519 JWK."""
    if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519" or "x" not in jwk:
        raise SignatureInvalid("not an Ed25519 public JWK")
    try:
        return Ed25519PublicKey.from_public_bytes(b64url_decode(str(jwk["x"])))
    except ValueError as error:
        raise SignatureInvalid("bad Ed25519 public key") from error


def _json_bytes(value: dict[str, Any]) -> bytes:
    """Compact UTF-8 JSON."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def jws_sign(header: dict[str, Any], payload: dict[str, Any]) -> str:
    """A JWS compact serialization of a JSON payload, signed with the issuer key (EdDSA)."""
    signing_input = f"{b64url(_json_bytes(header))}.{b64url(_json_bytes(payload))}"
    signature = signing_key().sign(signing_input.encode("ascii"))
    return f"{signing_input}.{b64url(signature)}"


def jws_verify(token: str, key: Ed25519PublicKey) -> tuple[dict[str, Any], dict[str, Any]]:
    """Check a compact JWS signed with EdDSA; return its header and payload."""
    parts = token.strip().split(".")
    if len(parts) != 3:
        raise SignatureInvalid("a compact JWS has three parts")
    try:
        header = json.loads(b64url_decode(parts[0]))
        payload = json.loads(b64url_decode(parts[1]))
    except (ValueError, UnicodeDecodeError) as error:
        raise SignatureInvalid("header or payload is not JSON") from error
    if not isinstance(header, dict) or header.get("alg") != ALGORITHM:
        raise SignatureInvalid("unexpected algorithm")
    try:
        key.verify(b64url_decode(parts[2]), f"{parts[0]}.{parts[1]}".encode("ascii"))
    except InvalidSignature as error:
        raise SignatureInvalid("the signature does not verify") from error
    if not isinstance(payload, dict):
        raise SignatureInvalid("the payload is not a JSON object")
    return header, payload
