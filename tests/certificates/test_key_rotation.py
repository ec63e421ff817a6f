"""Signing key rotation: credentials signed with a retired key keep verifying."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse

from certificates.openbadges import credential_jwt
from certificates.signing import (
    b64url,
    b64url_decode,
    jwk_thumbprint,
    jws_verify,
    private_key_pem,
    public_jwk,
    public_key_from_jwk,
    published_keys,
)
from tests.certificates.factories import issue

pytestmark = pytest.mark.django_db
SITE = "https://formation.example.org"


def _header(token: str) -> dict:
    return json.loads(b64url_decode(token.split(".")[0]))


def _kid_path(token: str) -> str:
    return _header(token)["kid"].removeprefix(SITE)


def test_thumbprint_follows_rfc_7638() -> None:
    """The thumbprint of RFC 8037's example Ed25519 key is the one the RFC gives."""
    key = public_key_from_jwk(
        {"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}
    )
    assert jwk_thumbprint(key) == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"


def test_a_rotated_key_leaves_earlier_credentials_verifiable(client, settings, capsys) -> None:
    """Old credential: its kid still serves the old key; new ones point at the new key."""
    old_token = credential_jwt(issue())
    call_command("certificates_signing_key", "--public")
    retired = capsys.readouterr().out.strip()
    settings.CERTIFICATES_RETIRED_KEYS = [retired]
    settings.CERTIFICATES_SIGNING_KEY = private_key_pem(Ed25519PrivateKey.generate())
    new_token = credential_jwt(issue())

    assert _header(old_token)["kid"] != _header(new_token)["kid"]
    for token in (old_token, new_token):
        response = client.get(_kid_path(token))
        assert response.status_code == 200
        jwk = response.json()
        assert jwk["kid"] == _header(token)["kid"]
        assert "d" not in jwk
        jws_verify(token, public_key_from_jwk(jwk))

    keys = client.get(reverse("certificates:issuer_keys")).json()["keys"]
    assert [key["kid"] for key in keys] == [_header(new_token)["kid"], _header(old_token)["kid"]]


def test_unknown_keys_are_not_found(client) -> None:
    """A thumbprint of no published key is a 404."""
    other = jwk_thumbprint(Ed25519PrivateKey.generate().public_key())
    assert client.get(reverse("certificates:issuer_key", args=[other])).status_code == 404


def test_the_current_key_is_published_once_even_if_also_listed_as_retired(settings) -> None:
    """Listing the current key among retired ones does not publish it twice."""
    current = next(iter(published_keys().values()))
    settings.CERTIFICATES_RETIRED_KEYS = [public_jwk(current)["x"]]
    assert list(published_keys().values()) == [current]


@pytest.mark.parametrize("value", ["not-a-key", b64url(b"too short")])
def test_a_malformed_retired_key_is_a_clear_configuration_error(settings, value: str) -> None:
    """A retired key that is not an Ed25519 public key stops with a message naming it."""
    settings.CERTIFICATES_RETIRED_KEYS = [value]
    with pytest.raises(ImproperlyConfigured, match="CERTIFICATES_RETIRED_KEYS"):
        published_keys()
