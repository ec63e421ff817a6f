"""Open Badges 3.0: every required field (one check each, naming the spec section), signature.

Sections are those of the Open Badges Specification 3.0 (1EdTech, 2024),
https://www.imsglobal.org/spec/ob/v3p0/ — the data model classes of Appendix B
(#achievementcredential, #achievementsubject, #achievement, #criteria, #alignment,
#profile, #identityobject, #credentialstatus, #credentialschema) and section 8.2,
“JSON Web Token Proof Format” (#jwt-proof).
"""

from __future__ import annotations

import base64
import datetime
import gzip
import json
import re

import pytest
from django.urls import reverse

from certificates.openbadges import OB_CONTEXT, VC_CONTEXT, credential_jwt
from certificates.services import certificate_revoke
from certificates.signing import (
    SignatureInvalid,
    b64url,
    b64url_decode,
    jwk_thumbprint,
    jws_verify,
    public_key_from_jwk,
)
from tests.accounts.factories import UserFactory
from tests.certificates.factories import issue

pytestmark = pytest.mark.django_db

URI = re.compile(r"^[a-z][a-z0-9+.-]*:\S+$")
DATETIME_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def decode(token: str) -> tuple[dict, dict]:
    """Header and payload of a compact JWS, unverified."""
    header, payload, _signature = token.split(".")
    return json.loads(b64url_decode(header)), json.loads(b64url_decode(payload))


@pytest.fixture
def certificate():
    """A certificate with one competence."""
    return issue(UserFactory(first_name="Noé", last_name="Carpentier", email="noe@example.org"))


@pytest.fixture
def token(certificate) -> str:
    """The signed credential, as downloaded by its holder."""
    return credential_jwt(certificate)


@pytest.fixture
def credential(token) -> dict:
    """The credential inside the JWT payload."""
    return decode(token)[1]


def achievement(c: dict) -> dict:
    """The embedded Achievement."""
    return c["credentialSubject"]["achievement"]


REQUIRED = [
    # AchievementCredential (OpenBadgeCredential), Appendix B #achievementcredential
    pytest.param(
        lambda c: c["@context"][:2] == [VC_CONTEXT, OB_CONTEXT],
        id="AchievementCredential.@context (VC 2.0 then OB 3.0 context, in order)",
    ),
    pytest.param(lambda c: bool(URI.match(c["id"])), id="AchievementCredential.id (URI)"),
    pytest.param(
        lambda c: {"VerifiableCredential", "OpenBadgeCredential"} <= set(c["type"]),
        id="AchievementCredential.type (VerifiableCredential, OpenBadgeCredential)",
    ),
    pytest.param(lambda c: bool(c["name"].strip()), id="AchievementCredential.name"),
    pytest.param(lambda c: bool(c["issuer"]), id="AchievementCredential.issuer (Profile)"),
    pytest.param(
        lambda c: bool(DATETIME_Z.match(c["validFrom"])),
        id="AchievementCredential.validFrom (DateTimeZ)",
    ),
    pytest.param(
        lambda c: isinstance(c["credentialSubject"], dict),
        id="AchievementCredential.credentialSubject (AchievementSubject)",
    ),
    # AchievementSubject, #achievementsubject
    pytest.param(
        lambda c: "AchievementSubject" in c["credentialSubject"]["type"],
        id="AchievementSubject.type",
    ),
    pytest.param(
        lambda c: isinstance(c["credentialSubject"]["achievement"], dict),
        id="AchievementSubject.achievement",
    ),
    pytest.param(
        lambda c: (
            bool(URI.match(c["credentialSubject"]["id"]))
            and bool(c["credentialSubject"]["identifier"])
        ),
        id="AchievementSubject.id or identifier (at least one)",
    ),
    # Achievement, #achievement
    pytest.param(lambda c: bool(URI.match(achievement(c)["id"])), id="Achievement.id (URI)"),
    pytest.param(lambda c: "Achievement" in achievement(c)["type"], id="Achievement.type"),
    pytest.param(lambda c: bool(achievement(c)["name"]), id="Achievement.name"),
    pytest.param(lambda c: bool(achievement(c)["description"]), id="Achievement.description"),
    pytest.param(lambda c: isinstance(achievement(c)["criteria"], dict), id="Achievement.criteria"),
    # Criteria, #criteria: id or narrative
    pytest.param(
        lambda c: bool(
            achievement(c)["criteria"].get("narrative") or achievement(c)["criteria"].get("id")
        ),
        id="Criteria.id or narrative (at least one)",
    ),
    # Alignment, #alignment
    pytest.param(
        lambda c: all("Alignment" in a["type"] for a in achievement(c)["alignment"]),
        id="Alignment.type",
    ),
    pytest.param(
        lambda c: all(a["targetName"] for a in achievement(c)["alignment"]),
        id="Alignment.targetName",
    ),
    pytest.param(
        lambda c: all(a["targetUrl"].startswith("https://") for a in achievement(c)["alignment"]),
        id="Alignment.targetUrl (URL)",
    ),
    # Profile (the issuer), #profile
    pytest.param(lambda c: bool(URI.match(c["issuer"]["id"])), id="Profile.id (URI)"),
    pytest.param(lambda c: "Profile" in c["issuer"]["type"], id="Profile.type"),
    # IdentityObject, #identityobject
    pytest.param(
        lambda c: all(i["type"] == "IdentityObject" for i in c["credentialSubject"]["identifier"]),
        id="IdentityObject.type",
    ),
    pytest.param(
        lambda c: all(isinstance(i["hashed"], bool) for i in c["credentialSubject"]["identifier"]),
        id="IdentityObject.hashed",
    ),
    pytest.param(
        lambda c: all(i["identityHash"] for i in c["credentialSubject"]["identifier"]),
        id="IdentityObject.identityHash",
    ),
    pytest.param(
        lambda c: all(i["identityType"] for i in c["credentialSubject"]["identifier"]),
        id="IdentityObject.identityType",
    ),
    # CredentialStatus, #credentialstatus
    pytest.param(
        lambda c: bool(URI.match(c["credentialStatus"]["id"])), id="CredentialStatus.id (URI)"
    ),
    pytest.param(
        lambda c: c["credentialStatus"]["type"] == "BitstringStatusListEntry",
        id="CredentialStatus.type",
    ),
    # CredentialSchema, #credentialschema
    pytest.param(
        lambda c: all(URI.match(s["id"]) for s in c["credentialSchema"]),
        id="CredentialSchema.id (URI)",
    ),
    pytest.param(
        lambda c: all(s["type"] == "1EdTechJsonSchemaValidator2019" for s in c["credentialSchema"]),
        id="CredentialSchema.type",
    ),
]


@pytest.mark.parametrize("check", REQUIRED)
def test_required_field_is_present_and_well_formed(credential, check) -> None:
    """Each property OB 3.0 marks required holds a valid value (the id names the section)."""
    assert check(credential)


JWT_CLAIMS = [
    pytest.param("iss", lambda c: c["issuer"]["id"], id="8.2 JWT Payload iss = issuer.id"),
    pytest.param("jti", lambda c: c["id"], id="8.2 JWT Payload jti = id"),
    pytest.param(
        "sub",
        lambda c: c["credentialSubject"]["id"],
        id="8.2 JWT Payload sub = credentialSubject.id",
    ),
    pytest.param(
        "nbf",
        lambda c: int(
            datetime.datetime.strptime(c["validFrom"], "%Y-%m-%dT%H:%M:%SZ")
            .replace(tzinfo=datetime.UTC)
            .timestamp()
        ),
        id="8.2 JWT Payload nbf = validFrom",
    ),
]


@pytest.mark.parametrize(("claim", "expected"), JWT_CLAIMS)
def test_jwt_registered_claims_match_the_credential(credential, claim, expected) -> None:
    """The JWT registered claims repeat the credential's values (OB 3.0 section 8.2, #jwt-proof)."""
    assert credential[claim] == expected(credential)


def test_jose_header_has_only_the_allowed_members(token) -> None:
    """The JOSE header holds only alg, typ, a dereferenceable kid and a public jwk (8.2)."""
    header, _payload = decode(token)
    assert set(header) <= {"alg", "kid", "jwk", "typ"}
    assert header["alg"] == "EdDSA"
    assert header["typ"] == "JWT"
    thumbprint = jwk_thumbprint(public_key_from_jwk(header["jwk"]))
    assert header["kid"] == "https://formation.example.org" + reverse(
        "certificates:issuer_key", args=[thumbprint]
    )
    assert "d" not in header["jwk"]


def test_signature_verifies_with_the_published_key(client, token, credential) -> None:
    """The credential verifies with the JWK published at the kid URL."""
    header, _payload = decode(token)
    jwk = client.get(header["kid"].removeprefix("https://formation.example.org")).json()
    assert (jwk["kty"], jwk["crv"]) == ("OKP", "Ed25519")
    assert "d" not in jwk
    header, payload = jws_verify(token, public_key_from_jwk(jwk))
    assert payload == credential
    assert header["kid"] == jwk["kid"]


@pytest.mark.parametrize(
    "alter",
    [
        pytest.param(lambda c: c.update(name=c["name"] + " (modifié)"), id="name"),
        pytest.param(lambda c: c.update(validFrom="2020-01-01T00:00:00Z"), id="validFrom"),
        pytest.param(
            lambda c: c["issuer"].update(id="https://evil.example/issuer"), id="issuer.id"
        ),
        pytest.param(
            lambda c: c["credentialSubject"]["achievement"].update(name="Autre"),
            id="achievement.name",
        ),
        pytest.param(
            lambda c: c["credentialSubject"]["identifier"][0].update(
                identityHash="Quelqu’un d’autre"
            ),
            id="recipient name",
        ),
    ],
)
def test_signature_fails_when_one_field_is_altered(token, alter) -> None:
    """Changing any one field of the signed payload breaks the signature."""
    header, payload, signature = token.split(".")
    data = json.loads(b64url_decode(payload))
    alter(data)
    forged_payload = b64url(json.dumps(data, separators=(",", ":")).encode())
    forged = f"{header}.{forged_payload}.{signature}"
    with pytest.raises(SignatureInvalid):
        jws_verify(forged, public_key_from_jwk(json.loads(b64url_decode(header))["jwk"]))


def test_alignment_carries_the_frozen_competences(credential) -> None:
    """Each frozen competence becomes an alignment with framework, code and level."""
    (alignment,) = achievement(credential)["alignment"]
    assert alignment["targetFramework"] == "DigComp 2.2"
    assert alignment["targetCode"] == "2.1"
    assert alignment["targetDescription"] == "Niveau 3"


def test_recipient_email_is_hashed(credential) -> None:
    """The e-mail appears only as a salted SHA-256 hash."""
    assert "noe@example.org" not in json.dumps(credential)
    email = credential["credentialSubject"]["identifier"][1]
    assert email["identityType"] == "emailAddress"
    assert email["hashed"] is True
    assert email["identityHash"].startswith("sha256$")


def status_bit(client, credential) -> bool:
    """The revocation bit of a credential, read from its public status list."""
    status = credential["credentialStatus"]
    token = client.get(status["statusListCredential"].removeprefix("https://formation.example.org"))
    _header, payload = jws_verify(
        token.content.decode(),
        public_key_from_jwk(json.loads(b64url_decode(token.content.decode().split(".")[0]))["jwk"]),
    )
    encoded = payload["credentialSubject"]["encodedList"]
    assert encoded.startswith("u")
    bits = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert len(bits) * 8 >= 131_072
    index = int(status["statusListIndex"])
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def test_credential_status_shows_revocation(client, certificate, network) -> None:
    """The status list bit of a certificate is off while valid and on once revoked."""
    credential = decode(credential_jwt(certificate))[1]
    assert status_bit(client, credential) is False
    certificate_revoke(certificate=certificate, by=network.network_team, reason="Erreur")
    assert status_bit(client, credential) is True


def test_issuer_profile_is_published(client, credential) -> None:
    """The issuer id dereferences to its Profile."""
    path = credential["issuer"]["id"].removeprefix("https://formation.example.org")
    profile = client.get(path).json()
    assert profile["id"] == credential["issuer"]["id"]
    assert profile["type"] == ["Profile"]
    assert profile["@context"] == [VC_CONTEXT, OB_CONTEXT]


def test_badge_download_is_for_the_holder_only(client, certificate, network) -> None:
    """The holder downloads the signed credential; another person gets 403."""
    url = reverse("certificates:download_badge", args=[certificate.uuid])
    client.force_login(certificate.user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+jwt"
    assert response.content.decode().count(".") == 2
    client.force_login(network.network_team)
    assert client.get(url).status_code == 403
