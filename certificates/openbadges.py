"""Open Badges 3.0: each certificate as a signed OpenBadgeCredential (VC-JWT, EdDSA).

The credential follows the OB 3.0 data model (a W3C Verifiable Credential 2.0 with the
OB context): the achievement with its criteria and its alignment to competences, the
issuer profile, the recipient, and a `credentialStatus` pointing into a W3C Bitstring
Status List, where revocation shows. It is secured with the JSON Web Token proof
format of OB 3.0 section 8.2: the JWT payload is the credential plus the registered
claims iss, jti, nbf and sub; the JOSE header carries only alg, typ, kid and jwk.
OB 3.0 names RS256 as the minimum algorithm and permits others: we sign with Ed25519
(EdDSA, RFC 8037), as the issuer key is an Ed25519 key.
"""

from __future__ import annotations

import datetime
import gzip
import hashlib
import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils import timezone

from certificates.links import (
    absolute,
    achievement_iri,
    issuer_url,
    key_url,
    status_list_url,
    verify_url,
)
from certificates.models import Certificate
from certificates.selectors import STATUS_LIST_SIZE
from certificates.signing import b64url, jwk_thumbprint, jws_sign, public_jwk, public_key

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_SCHEMA = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)
ISSUER_NAME = "Métropole Européenne de Lille — Bibliothèque Numérique Métropolitaine"
ISSUER_DESCRIPTION = (
    "Plateforme de formation au numérique du réseau des bibliothèques de la Métropole "
    "Européenne de Lille (BNM Formation)."
)
# Official descriptions of the frameworks, for alignments that carry no URL of their own.
FRAMEWORK_URLS = {
    "digcomp": "https://publications.jrc.ec.europa.eu/repository/handle/JRC128415",
    "crcn": "https://eduscol.education.fr/721/cadre-de-reference-des-competences-numeriques",
    "pix": "https://pix.fr/competences",
}
# Subject ids are pseudonymous: a name-based UUID of the account, not the e-mail.
SUBJECT_NAMESPACE = uuid.UUID("6f1c2a5e-4d0b-5c53-9a5e-2b0c7e1d9f30")


def datetime_z(moment: datetime.datetime) -> str:
    """A DateTimeZ (UTC, seconds precision, trailing Z)."""
    return moment.astimezone(datetime.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def issuer_profile(*, with_context: bool = False) -> dict[str, Any]:
    """The issuer Profile (OB 3.0 appendix B, Profile), dereferenceable at its id."""
    profile: dict[str, Any] = {
        "id": issuer_url(),
        "type": ["Profile"],
        "name": ISSUER_NAME,
        "url": settings.SITE_URL + "/",
        "description": ISSUER_DESCRIPTION,
    }
    if with_context:
        return {"@context": [VC_CONTEXT, OB_CONTEXT], **profile}
    return profile


def subject_id(certificate: Certificate) -> str:
    """The recipient's pseudonymous id (stable for one account on this site)."""
    return f"urn:uuid:{uuid.uuid5(SUBJECT_NAMESPACE, f'{settings.SITE_URL}|{certificate.user_id}')}"


def _email_identity(certificate: Certificate) -> dict[str, Any] | None:
    """The recipient's e-mail address as a salted SHA-256 IdentityObject, or None."""
    email = (getattr(certificate.user, "email", "") or "").strip().lower()
    if not email:
        return None
    salt = certificate.uuid.hex
    digest = hashlib.sha256((email + salt).encode("utf-8")).hexdigest()
    return {
        "type": "IdentityObject",
        "identityType": "emailAddress",
        "hashed": True,
        "identityHash": f"sha256${digest}",
        "salt": salt,
    }


def _alignment(item: dict[str, Any]) -> dict[str, Any]:
    """One competence of the snapshot as an OB 3.0 Alignment."""
    framework = str(item.get("framework", ""))
    code = str(item.get("code", ""))
    title = str(item.get("title", ""))
    key = framework.split()[0].casefold() if framework else ""
    url = item.get("url") or FRAMEWORK_URLS.get(key) or absolute("/certificates/issuer/")
    alignment: dict[str, Any] = {
        "type": ["Alignment"],
        "targetName": f"{code} {title}".strip(),
        "targetUrl": url,
        "targetCode": code,
        "targetFramework": framework,
        "targetType": "ceasn:Competency",
    }
    if item.get("level"):
        alignment["targetDescription"] = f"Niveau {item['level']}"
    return alignment


def _criteria_narrative(facts: dict[str, Any]) -> str:
    """How the achievement is earned, in French."""
    duration = f" ({facts['duration_text']})" if facts.get("duration_text") else ""
    if facts.get("kind") == Certificate.Kind.WORKSHOP_CYCLE:
        return (
            f"Avoir participé au cycle d’ateliers « {facts['title']} »{duration} "
            "animé dans le réseau de la Bibliothèque Numérique Métropolitaine."
        )
    return (
        f"Avoir terminé le parcours de formation « {facts['title']} »{duration} "
        "sur BNM Formation : toutes les étapes du parcours sont achevées."
    )


def _credential_status(certificate: Certificate) -> dict[str, Any]:
    """Where the revocation status of this certificate is published."""
    number, offset = divmod(certificate.status_index, STATUS_LIST_SIZE)
    list_url = status_list_url(number)
    return {
        "id": f"{list_url}#{offset}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(offset),
        "statusListCredential": list_url,
    }


def credential_for(certificate: Certificate) -> dict[str, Any]:
    """The OpenBadgeCredential of a certificate, from its frozen snapshot."""
    snapshot = certificate.snapshot
    facts = snapshot["achievement"]
    template = snapshot.get("template", {})
    issuer = issuer_profile()
    paragraphs = template.get("paragraphs") or [facts["title"]]
    achievement: dict[str, Any] = {
        "id": achievement_iri(certificate.achievement_key),
        "type": ["Achievement"],
        "achievementType": "CertificateOfCompletion",
        "name": facts["title"],
        "description": f"{facts['kind_label'].capitalize()} « {facts['title']} »"
        + (f", {facts['duration_text']}" if facts.get("duration_text") else "")
        + ".",
        "criteria": {"narrative": _criteria_narrative(facts)},
        "creator": issuer,
        "inLanguage": "fr",
    }
    alignments = [_alignment(item) for item in facts.get("competences", [])]
    if alignments:
        achievement["alignment"] = alignments
    identifiers = [
        {
            "type": "IdentityObject",
            "identityType": "name",
            "hashed": False,
            "identityHash": snapshot["person"]["name"],
        }
    ]
    email = _email_identity(certificate)
    if email:
        identifiers.append(email)
    issued = datetime_z(certificate.issued_at)
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": f"urn:uuid:{certificate.uuid}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{template.get('heading') or 'Attestation'} — {facts['title']}",
        "description": paragraphs[0],
        "issuer": issuer,
        "validFrom": issued,
        "awardedDate": issued,
        "credentialSubject": {
            "id": subject_id(certificate),
            "type": ["AchievementSubject"],
            "activityEndDate": f"{facts['completed_on']}T00:00:00Z",
            "identifier": identifiers,
            "achievement": achievement,
        },
        "credentialStatus": _credential_status(certificate),
        "credentialSchema": [{"id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}],
        "evidence": [
            {
                "id": verify_url(certificate.code),
                "type": ["Evidence"],
                "name": "Page de vérification publique",
            }
        ],
    }


def jose_header() -> dict[str, Any]:
    """The JOSE header (OB 3.0 section 8.2.3): only alg, typ, kid and jwk."""
    key = public_key()
    kid = key_url(jwk_thumbprint(key))
    return {"alg": "EdDSA", "typ": "JWT", "kid": kid, "jwk": public_jwk(key)}


def jwt_payload(credential: dict[str, Any]) -> dict[str, Any]:
    """The JWT payload (OB 3.0 section 8.2.4): the credential and its registered claims."""
    valid_from = datetime.datetime.fromisoformat(credential["validFrom"])
    claims = {
        "iss": credential["issuer"]["id"]
        if isinstance(credential["issuer"], dict)
        else credential["issuer"],
        "jti": credential["id"],
        "nbf": int(valid_from.timestamp()),
    }
    subject = credential.get("credentialSubject", {})
    if isinstance(subject, dict) and subject.get("id"):
        claims["sub"] = subject["id"]
    return {**credential, **claims}


def credential_jwt(certificate: Certificate) -> str:
    """The certificate as a signed OpenBadgeCredential (compact JWS)."""
    return jws_sign(jose_header(), jwt_payload(credential_for(certificate)))


def encoded_list(revoked_offsets: Iterable[int]) -> str:
    """A bitstring (first index = left-most bit), GZIP-compressed, multibase base64url."""
    bits = bytearray(STATUS_LIST_SIZE // 8)
    for offset in revoked_offsets:
        bits[offset // 8] |= 0x80 >> (offset % 8)
    return "u" + b64url(gzip.compress(bytes(bits), mtime=0))


def status_list_credential(
    list_number: int, revoked_offsets: Iterable[int], *, moment: datetime.datetime
) -> dict[str, Any]:
    """A BitstringStatusListCredential (W3C Bitstring Status List v1.0) for revocation."""
    url = status_list_url(list_number)
    return {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_url(),
        "validFrom": datetime_z(moment),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_list(revoked_offsets),
        },
    }


def status_list_jwt(list_number: int, revoked_offsets: Iterable[int]) -> str:
    """The signed status list (VC-JWT, the same key as the badges)."""
    moment = timezone.now().replace(microsecond=0)
    credential = status_list_credential(list_number, revoked_offsets, moment=moment)
    payload = {
        **credential,
        "iss": credential["issuer"],
        "jti": credential["id"],
        "nbf": int(moment.timestamp()),
    }
    return jws_sign(jose_header(), payload)
