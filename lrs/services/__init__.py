"""Writes of the Learning Record Store (statements, documents, clients).

Other apps import the statement services from here: `statements_store`,
`statement_record` and `StatementConflict`.
"""

from lrs.services.clients import IssuedCredentials, lrs_client_create, lrs_client_revoke
from lrs.services.documents import (
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
from lrs.services.statements import (
    AttachmentContent,
    StatementConflict,
    StatementForbidden,
    StoreResult,
    statement_record,
    statement_store,
    statements_store,
)

__all__ = [
    "AttachmentContent",
    "DocumentConflict",
    "DocumentScope",
    "IssuedCredentials",
    "MissingPrecondition",
    "PreconditionFailed",
    "Preconditions",
    "StatementConflict",
    "StatementForbidden",
    "StoreResult",
    "document_delete",
    "document_post",
    "document_put",
    "documents_delete",
    "lrs_client_create",
    "lrs_client_revoke",
    "statement_record",
    "statement_store",
    "statements_store",
]
