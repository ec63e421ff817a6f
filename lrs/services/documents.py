"""Writes of the document resources: State, Activity Profile and Agent Profile.

PUT replaces a document, POST merges JSON objects into it (or stores it when new),
DELETE removes one document (or, for State, every document of an activity and agent).
Concurrency follows RFC 7232: `If-Match` / `If-None-Match` against the stored ETag (the
SHA-1 of the content) give 412 when they fail. Whether a write without either header is
accepted depends on the resource and the xAPI version; the HTTP layer decides and passes
a `MissingPrecondition` policy.
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from lrs.models import Document, key_hash
from lrs.xapi.errors import StatementValidationError
from lrs.xapi.validation import decode_json

JSON_TYPE = "application/json"


class PreconditionFailed(Exception):
    """An If-Match / If-None-Match header does not hold (HTTP 412)."""


class DocumentConflict(Exception):
    """A write without a precondition header on an existing document (HTTP 409)."""


class MissingPrecondition(enum.Enum):
    """What to do with a write that carries neither If-Match nor If-None-Match."""

    ALLOW = "allow"  # State in xAPI 1.0.x
    CONFLICT_IF_EXISTS = "conflict_if_exists"  # the specification's rule (409)
    REFUSE = "refuse"  # 1.0.3 profiles: 409 when it exists, 400 when it does not


@dataclass(frozen=True)
class DocumentScope:
    """The set a document belongs to: its kind, activity and/or agent (and registration)."""

    kind: str
    activity_iri: str = ""
    agent_key: str = ""
    registration: str | None = None

    @property
    def scope_key(self) -> str:
        """The hash of the kind, activity and agent (registration is kept apart)."""
        return key_hash(f"{self.kind}|{self.activity_iri}|{self.agent_key}")

    def document_key(self, document_id: str) -> str:
        """The hash identifying one document within the scope."""
        return key_hash(f"{self.registration or ''}|{document_id}")


@dataclass(frozen=True)
class Preconditions:
    """The parsed If-Match / If-None-Match headers (None when absent)."""

    if_match: Sequence[str] | None = None
    if_none_match: Sequence[str] | None = None
    missing: MissingPrecondition = MissingPrecondition.ALLOW

    @property
    def present(self) -> bool:
        """Whether the request carried either header."""
        return self.if_match is not None or self.if_none_match is not None


def etag_for(content: bytes) -> str:
    """The ETag of a document: the SHA-1 of its content, in hex."""
    return hashlib.sha1(content, usedforsecurity=False).hexdigest()


def is_json_type(content_type: str) -> bool:
    """Whether a media type is application/json (parameters ignored)."""
    return content_type.split(";", 1)[0].strip().lower() == JSON_TYPE


def _check(document: Document | None, preconditions: Preconditions) -> None:
    """Apply the precondition headers and the missing-header policy."""
    if preconditions.if_match is not None:
        tags = preconditions.if_match
        if document is None or ("*" not in tags and document.etag not in tags):
            raise PreconditionFailed("If-Match: the document's current ETag does not match")
    if preconditions.if_none_match is not None:
        tags = preconditions.if_none_match
        if document is not None and ("*" in tags or document.etag in tags):
            raise PreconditionFailed("If-None-Match: the document already exists")
    if preconditions.present or preconditions.missing is MissingPrecondition.ALLOW:
        return
    if document is not None:
        raise DocumentConflict(
            "If-Match: the document exists; send If-Match with its ETag "
            "(or If-None-Match: *) to overwrite it"
        )
    if preconditions.missing is MissingPrecondition.REFUSE:
        raise StatementValidationError(
            "If-None-Match", "required (If-None-Match: * to create, If-Match to overwrite)"
        )


def _locked(scope: DocumentScope, document_id: str) -> Document | None:
    """The current document, locked for the rest of the transaction."""
    return (
        Document.objects.select_for_update()
        .filter(scope_key=scope.scope_key, document_key=scope.document_key(document_id))
        .first()
    )


def _save(
    document: Document | None,
    *,
    scope: DocumentScope,
    document_id: str,
    content: bytes,
    content_type: str,
    now: datetime,
) -> Document:
    """Create or overwrite a document row."""
    if document is None:
        document = Document(
            kind=scope.kind,
            scope_key=scope.scope_key,
            document_key=scope.document_key(document_id),
            activity_iri=scope.activity_iri,
            agent_key=scope.agent_key,
            registration=scope.registration,
            document_id=document_id,
        )
    document.content = content
    document.content_type = content_type
    document.etag = etag_for(content)
    document.updated_at = now
    document.save()
    return document


def _write(
    *,
    scope: DocumentScope,
    document_id: str,
    content: bytes,
    content_type: str,
    preconditions: Preconditions,
    merge: bool,
) -> Document:
    """PUT or POST one document; retried once when a concurrent request created it."""
    for attempt in range(2):
        try:
            with transaction.atomic():
                document = _locked(scope, document_id)
                _check(document, preconditions)
                if merge and document is not None:
                    content, content_type = _merged(document, content, content_type)
                elif merge and is_json_type(content_type):
                    # A POST that says it carries JSON must carry a JSON object, even when
                    # the document is new and the body is stored as it is.
                    _json_object(content, content_type, "body")
                return _save(
                    document,
                    scope=scope,
                    document_id=document_id,
                    content=content,
                    content_type=content_type,
                    now=timezone.now(),
                )
        except IntegrityError:
            if attempt:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _json_object(content: bytes, content_type: str, name: str) -> dict:
    """The JSON object a document holds; 400 when it is not one."""
    if not is_json_type(content_type):
        raise StatementValidationError(
            name, f"must have Content-Type application/json to be merged (got {content_type!r})"
        )
    value = decode_json(content, name=name)
    if not isinstance(value, dict):
        raise StatementValidationError(name, "must be a JSON object to be merged")
    return value


def _merged(document: Document, content: bytes, content_type: str) -> tuple[bytes, str]:
    """The JSON merge of a POST into an existing document (top-level keys replaced)."""
    old = _json_object(bytes(document.content), document.content_type, "stored document")
    new = _json_object(content, content_type, "body")
    merged = {**old, **new}
    return json.dumps(merged, ensure_ascii=False, separators=(",", ":")).encode(), JSON_TYPE


def document_put(
    *,
    scope: DocumentScope,
    document_id: str,
    content: bytes,
    content_type: str,
    preconditions: Preconditions,
) -> Document:
    """Create or replace a document."""
    return _write(
        scope=scope,
        document_id=document_id,
        content=content,
        content_type=content_type,
        preconditions=preconditions,
        merge=False,
    )


def document_post(
    *,
    scope: DocumentScope,
    document_id: str,
    content: bytes,
    content_type: str,
    preconditions: Preconditions,
) -> Document:
    """Merge a JSON object into a document, or store it as is when it is new."""
    return _write(
        scope=scope,
        document_id=document_id,
        content=content,
        content_type=content_type,
        preconditions=preconditions,
        merge=True,
    )


@transaction.atomic
def document_delete(*, scope: DocumentScope, document_id: str, preconditions: Preconditions) -> int:
    """Delete one document (nothing when it does not exist); return how many were deleted."""
    document = _locked(scope, document_id)
    if preconditions.present:
        _check(document, Preconditions(preconditions.if_match, preconditions.if_none_match))
    if document is None:
        return 0
    document.delete()
    return 1


@transaction.atomic
def documents_delete(*, scope: DocumentScope) -> int:
    """Delete every document of a scope (State: an activity, an agent, a registration)."""
    queryset = Document.objects.filter(scope_key=scope.scope_key)
    if scope.registration is not None:
        queryset = queryset.filter(registration=scope.registration)
    deleted, _per_model = queryset.delete()
    return deleted
