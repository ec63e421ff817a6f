"""Document services: preconditions, the missing-header policies, merge, delete."""

import pytest

from lrs.models import Document
from lrs.services import (
    DocumentConflict,
    DocumentScope,
    MissingPrecondition,
    PreconditionFailed,
    Preconditions,
    document_delete,
    document_post,
    document_put,
    documents_delete,
)
from lrs.services.documents import etag_for
from lrs.xapi.errors import StatementValidationError

pytestmark = pytest.mark.django_db

SCOPE = DocumentScope(kind=Document.Kind.STATE, activity_iri="http://example.org/a", agent_key="k")
NONE = Preconditions()


def put(content: bytes, preconditions: Preconditions = NONE, document_id: str = "d") -> Document:
    """PUT a JSON document."""
    return document_put(
        scope=SCOPE,
        document_id=document_id,
        content=content,
        content_type="application/json",
        preconditions=preconditions,
    )


def test_put_sets_the_sha1_etag_and_replaces() -> None:
    """The ETag is the SHA-1 of the content; a PUT replaces the whole document."""
    first = put(b'{"a": 1}')
    assert first.etag == etag_for(b'{"a": 1}')
    second = put(b'{"b": 2}')
    assert second.pk == first.pk
    assert bytes(second.content) == b'{"b": 2}'


@pytest.mark.parametrize(
    ("preconditions", "exists", "error"),
    [
        (Preconditions(if_match=["*"]), False, PreconditionFailed),
        (Preconditions(if_match=["nope"]), True, PreconditionFailed),
        (Preconditions(if_none_match=["*"]), True, PreconditionFailed),
        (Preconditions(missing=MissingPrecondition.CONFLICT_IF_EXISTS), True, DocumentConflict),
        (Preconditions(missing=MissingPrecondition.REFUSE), True, DocumentConflict),
        (Preconditions(missing=MissingPrecondition.REFUSE), False, StatementValidationError),
    ],
)
def test_preconditions_and_missing_header_policies(preconditions, exists, error) -> None:
    """412 on failed headers, 409 or 400 on missing ones, by policy; nothing changes."""
    if exists:
        put(b'{"a": 1}')
    with pytest.raises(error):
        put(b'{"z": 9}', preconditions)
    assert Document.objects.count() == (1 if exists else 0)
    if exists:
        assert bytes(Document.objects.get().content) == b'{"a": 1}'


def test_conflict_if_exists_accepts_a_new_document() -> None:
    """The specification's rule (and 2.0's) lets a header-less PUT create a document."""
    put(b"{}", Preconditions(missing=MissingPrecondition.CONFLICT_IF_EXISTS))
    assert Document.objects.count() == 1


def test_if_match_with_the_current_etag_and_weak_or_listed_tags() -> None:
    """If-Match holds for the current ETag among several."""
    document = put(b'{"a": 1}')
    updated = put(b'{"a": 2}', Preconditions(if_match=["other", document.etag]))
    assert bytes(updated.content) == b'{"a": 2}'


def test_post_merges_top_level_keys_and_stores_json() -> None:
    """POST merges into an existing JSON object."""
    put(b'{"a": 1, "b": {"x": 1}}')
    merged = document_post(
        scope=SCOPE,
        document_id="d",
        content=b'{"b": {"y": 2}, "c": 3}',
        content_type="application/json; charset=utf-8",
        preconditions=NONE,
    )
    assert merged.content_type == "application/json"
    import json

    assert json.loads(bytes(merged.content)) == {"a": 1, "b": {"y": 2}, "c": 3}


def test_delete_one_and_delete_all_by_registration() -> None:
    """Deleting one document, then every document of a scope (or one registration's)."""
    registered = DocumentScope(
        kind=SCOPE.kind,
        activity_iri=SCOPE.activity_iri,
        agent_key=SCOPE.agent_key,
        registration="0b6a1e1c-62a3-4ad4-9b35-6d1c2c7e1a11",
    )
    put(b"{}", document_id="one")
    put(b"{}", document_id="two")
    document_put(
        scope=registered,
        document_id="one",
        content=b"{}",
        content_type="application/json",
        preconditions=NONE,
    )
    assert document_delete(scope=SCOPE, document_id="one", preconditions=NONE) == 1
    assert document_delete(scope=SCOPE, document_id="one", preconditions=NONE) == 0
    assert documents_delete(scope=registered) == 1
    assert list(Document.objects.values_list("document_id", flat=True)) == ["two"]
    assert documents_delete(scope=SCOPE) == 1
