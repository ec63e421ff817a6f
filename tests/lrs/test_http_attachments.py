"""Attachments in multipart/mixed (sha2 checks, round trip) and signed statements (JWS)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

from lrs.api.multipart import parse_multipart
from lrs.models import Attachment, Statement
from tests.lrs.conftest import new_id, statement

pytestmark = pytest.mark.django_db

BOUNDARY = "-------------314159265358979"
TEXT = b"here is a simple attachment"
SIGNATURE = "http://adlnet.gov/expapi/attachments/signature"


def attachment_meta(content: bytes, **overrides: Any) -> dict[str, Any]:
    """Attachment metadata for some content."""
    meta = {
        "usageType": "http://example.org/attachment-usage/test",
        "display": {"en-US": "A test attachment"},
        "contentType": "text/plain; charset=ascii",
        "length": len(content),
        "sha2": hashlib.sha256(content).hexdigest(),
    }
    meta.update(overrides)
    return meta


def multipart(payload: Any, parts: list[tuple[dict[str, str], bytes]]) -> bytes:
    """A multipart/mixed body (the conformance suite's layout: no space after colons)."""
    chunks = [
        f"\r\n--{BOUNDARY}\r\nContent-Type:application/json\r\n\r\n".encode(),
        json.dumps(payload).encode(),
    ]
    for headers, content in parts:
        head = "".join(f"{name}:{value}\r\n" for name, value in headers.items())
        chunks += [f"\r\n--{BOUNDARY}\r\n{head}\r\n".encode(), content]
    chunks.append(f"\r\n--{BOUNDARY}--".encode())
    return b"".join(chunks)


def part_headers(content: bytes, content_type: str = "text/plain") -> dict[str, str]:
    """The headers of an attachment part."""
    return {
        "Content-Type": content_type,
        "Content-Transfer-Encoding": "binary",
        "X-Experience-API-Hash": hashlib.sha256(content).hexdigest(),
    }


def post_multipart(xapi, body: bytes):
    """POST a multipart body to /xapi/statements."""
    return xapi.post("statements", body, content_type=f"multipart/mixed; boundary={BOUNDARY}")


def test_a_statement_with_its_attachment_round_trips(xapi) -> None:
    """POSTed as multipart, the attachment comes back with attachments=true."""
    sent = statement(attachments=[attachment_meta(TEXT)])
    response = post_multipart(xapi, multipart(sent, [(part_headers(TEXT), TEXT)]))
    assert response.status_code == 200, response.content
    (statement_id,) = response.json()
    plain = xapi.get("statements", {"statementId": statement_id})
    assert plain["Content-Type"] == "application/json"
    returned = xapi.get("statements", {"statementId": statement_id, "attachments": "true"})
    assert returned["Content-Type"].startswith("multipart/mixed; boundary=")
    parts = parse_multipart(returned.content, returned["Content-Type"])
    assert json.loads(parts[0].content)["id"] == statement_id
    assert parts[1].content == TEXT
    assert parts[1].headers["x-experience-api-hash"] == hashlib.sha256(TEXT).hexdigest()
    assert parts[1].headers["content-transfer-encoding"] == "binary"
    page = xapi.get("statements", {"attachments": "true"})
    page_parts = parse_multipart(page.content, page["Content-Type"])
    assert json.loads(page_parts[0].content)["statements"][0]["id"] == statement_id
    assert page_parts[1].content == TEXT


def test_an_attachment_stored_twice_is_kept_once(xapi) -> None:
    """Attachments are stored once per sha2."""
    for _ in range(2):
        sent = statement(attachments=[attachment_meta(TEXT)])
        assert (
            post_multipart(xapi, multipart(sent, [(part_headers(TEXT), TEXT)])).status_code == 200
        )
    assert Attachment.objects.count() == 1


def test_a_put_may_carry_attachments_too(xapi) -> None:
    """PUT ?statementId= accepts multipart/mixed."""
    statement_id = new_id()
    body = multipart(statement(attachments=[attachment_meta(TEXT)]), [(part_headers(TEXT), TEXT)])
    response = xapi.put(
        "statements",
        body,
        {"statementId": statement_id},
        content_type=f"multipart/mixed; boundary={BOUNDARY}",
    )
    assert response.status_code == 204


def test_a_part_whose_content_does_not_match_its_hash_is_refused(xapi) -> None:
    """X-Experience-API-Hash must be the SHA-2 of the part: otherwise 400, nothing stored."""
    headers = part_headers(TEXT)
    body = multipart(statement(attachments=[attachment_meta(TEXT)]), [(headers, b"tampered")])
    response = post_multipart(xapi, body)
    assert response.status_code == 400
    assert "SHA-2" in response.json()["error"]["rule"]
    assert Statement.objects.count() == 0


def test_an_attachment_without_its_part_or_file_url_is_refused(xapi) -> None:
    """Metadata without a part (and no fileUrl) is a 400 naming the attachment."""
    response = post_multipart(xapi, multipart(statement(attachments=[attachment_meta(TEXT)]), []))
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "statements[0].attachments[0].sha2"


def test_attachments_in_plain_json_need_a_file_url(xapi) -> None:
    """Plain JSON may carry attachment metadata only with a fileUrl."""
    refused = xapi.post("statements", statement(attachments=[attachment_meta(TEXT)]))
    assert refused.status_code == 400
    with_url = attachment_meta(TEXT, fileUrl="http://example.org/file.txt")
    assert xapi.post("statements", statement(attachments=[with_url])).status_code == 200


def test_a_part_that_matches_no_attachment_is_refused(xapi) -> None:
    """Every part must belong to an attachment of the statements."""
    body = multipart(statement(), [(part_headers(TEXT), TEXT)])
    response = post_multipart(xapi, body)
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "multipart"


@pytest.mark.parametrize("missing", ["X-Experience-API-Hash", "Content-Transfer-Encoding"])
def test_a_part_without_its_required_headers_is_refused(xapi, missing: str) -> None:
    """Each attachment part needs X-Experience-API-Hash and Content-Transfer-Encoding."""
    headers = part_headers(TEXT)
    del headers[missing]
    body = multipart(statement(attachments=[attachment_meta(TEXT)]), [(headers, TEXT)])
    assert post_multipart(xapi, body).status_code == 400


def test_a_multipart_body_whose_first_part_is_not_json_is_refused(xapi) -> None:
    """The statements come first, as application/json."""
    body = (f"--{BOUNDARY}\r\nContent-Type: text/plain\r\n\r\nhello\r\n--{BOUNDARY}--").encode()
    response = post_multipart(xapi, body)
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "multipart part 0"


def test_a_multipart_body_without_boundary_is_refused(xapi) -> None:
    """multipart/mixed needs its boundary parameter."""
    response = xapi.post("statements", b"--x--", content_type="multipart/mixed")
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "Content-Type"


# --------------------------------------------------------------------------- signatures
def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@pytest.fixture(scope="module")
def signer() -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    """An RSA key and its self-signed certificate."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "BNM Formation test")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    return key, certificate


def jws(
    payload: Any,
    key: rsa.RSAPrivateKey,
    *,
    alg: str = "RS256",
    certificate: x509.Certificate | None = None,
    raw_payload: bytes | None = None,
) -> bytes:
    """A compact JWS signed with the key (cryptography does the signing)."""
    header: dict[str, Any] = {"alg": alg}
    if certificate is not None:
        der = certificate.public_bytes(serialization.Encoding.DER)
        header["x5c"] = [base64.b64encode(der).decode()]
    body = raw_payload if raw_payload is not None else json.dumps(payload).encode()
    signing_input = f"{_b64url(json.dumps(header).encode())}.{_b64url(body)}".encode()
    algorithm = {"RS256": hashes.SHA256(), "RS384": hashes.SHA384(), "RS512": hashes.SHA512()}
    signature = key.sign(signing_input, padding.PKCS1v15(), algorithm.get(alg, hashes.SHA256()))
    return signing_input + b"." + _b64url(signature).encode()


def signed_body(token: bytes, sent: dict, *, content_type: str = "application/octet-stream"):
    """A multipart body carrying a statement and its signature attachment."""
    meta = attachment_meta(token, usageType=SIGNATURE, contentType=content_type)
    return multipart({**sent, "attachments": [meta]}, [(part_headers(token, content_type), token)])


@pytest.mark.parametrize("alg", ["RS256", "RS384", "RS512"])
def test_a_signed_statement_with_a_certificate_is_verified_and_stored(xapi, signer, alg) -> None:
    """RS256/384/512 with an x5c chain: the signature verifies, the statement is stored."""
    key, certificate = signer
    sent = statement(id=new_id())
    response = post_multipart(
        xapi, signed_body(jws(sent, key, alg=alg, certificate=certificate), sent)
    )
    assert response.status_code == 200, response.content


def test_a_signed_statement_without_certificate_is_checked_for_structure(xapi, signer) -> None:
    """Without x5c, a well-formed RS256 JWS whose payload matches is accepted."""
    key, _certificate = signer
    sent = statement(id=new_id())
    assert post_multipart(xapi, signed_body(jws(sent, key), sent)).status_code == 200


def test_a_signature_that_does_not_verify_is_refused(xapi, signer) -> None:
    """A JWS signed by another key than its x5c certificate's is a 400."""
    _key, certificate = signer
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    sent = statement(id=new_id())
    response = post_multipart(xapi, signed_body(jws(sent, other, certificate=certificate), sent))
    assert response.status_code == 400
    assert "does not verify" in response.json()["error"]["rule"]


def test_a_signature_whose_payload_differs_from_the_statement_is_refused(xapi, signer) -> None:
    """The JWS payload must be the statement that carries it."""
    key, _certificate = signer
    sent = statement(id=new_id())
    other = statement(id=sent["id"], verb={"id": "http://adlnet.gov/expapi/verbs/completed"})
    response = post_multipart(xapi, signed_body(jws(other, key), sent))
    assert response.status_code == 400
    assert "does not match" in response.json()["error"]["rule"]


def test_a_signature_with_another_algorithm_is_refused(xapi, signer) -> None:
    """Only RS256, RS384 and RS512."""
    key, _certificate = signer
    sent = statement(id=new_id())
    response = post_multipart(xapi, signed_body(jws(sent, key, alg="HS256"), sent))
    assert response.status_code == 400
    assert "algorithm" in response.json()["error"]["rule"]


def test_a_signature_whose_payload_is_not_json_is_refused(xapi, signer) -> None:
    """A payload that is not a JSON serialization of the statement is a 400."""
    key, _certificate = signer
    sent = statement(id=new_id())
    broken = json.dumps(sent).replace('"', "'", 1).encode()
    response = post_multipart(xapi, signed_body(jws(sent, key, raw_payload=broken), sent))
    assert response.status_code == 400


def test_a_signature_with_the_wrong_content_type_is_refused(xapi, signer) -> None:
    """A signature attachment is application/octet-stream."""
    key, _certificate = signer
    sent = statement(id=new_id())
    body = signed_body(jws(sent, key), sent, content_type="text/plain; charset=ascii")
    response = post_multipart(xapi, body)
    assert response.status_code == 400
    assert response.json()["error"]["field"].endswith("contentType")


def test_a_signature_that_is_not_a_jws_is_refused(xapi) -> None:
    """Three base64url segments are required."""
    sent = statement(id=new_id())
    response = post_multipart(xapi, signed_body(b"not-a-jws", sent))
    assert response.status_code == 400
    assert "JWS" in response.json()["error"]["rule"]
