"""xAPI 1.0.3 data model and validation for the BNM Formation LRS (pure Python, no Django).

Public API:

* :func:`decode_json` - strict JSON decoding of request bodies (no NaN/Infinity);
* :func:`parse_statements`, :func:`parse_statement` - validate POST/PUT statement payloads;
* :func:`validate_agent_param`, :func:`validate_activity_id`, :func:`validate_uuid_param`,
  :func:`parse_timestamp_param` - validate resource parameters;
* :class:`StatementValidationError` - raised on invalid data (map to HTTP 400);
* :func:`parse_version_header`, :data:`LATEST` - ``X-Experience-API-Version`` handling;
* helpers for the store: :func:`actor_ifi`, :func:`related_agent_ifis`,
  :func:`related_activity_ids`, :func:`normalize_context_activities`, :func:`canonical`,
  :func:`ids_format`;
* the pydantic models in :mod:`lrs.xapi.models`.
"""

from lrs.xapi.errors import StatementValidationError
from lrs.xapi.helpers import (
    actor_ifi,
    agent_ifis_with_members,
    canonical,
    ids_format,
    normalize_context_activities,
    related_activity_ids,
    related_agent_ifis,
)
from lrs.xapi.models import (
    Activity,
    ActivityDefinition,
    Agent,
    Attachment,
    Context,
    Group,
    Result,
    Statement,
    StatementRef,
    SubStatement,
    Verb,
)
from lrs.xapi.timestamps import format_timestamp, parse_timestamp
from lrs.xapi.validation import (
    decode_json,
    parse_statement,
    parse_statements,
    parse_timestamp_param,
    validate_activity_id,
    validate_agent_param,
    validate_uuid_param,
)
from lrs.xapi.versions import (
    LATEST,
    UnsupportedVersionError,
    XapiVersion,
    parse_version_header,
    response_version,
)

__all__ = [
    "LATEST",
    "Activity",
    "ActivityDefinition",
    "Agent",
    "Attachment",
    "Context",
    "Group",
    "Result",
    "Statement",
    "StatementRef",
    "StatementValidationError",
    "SubStatement",
    "UnsupportedVersionError",
    "Verb",
    "XapiVersion",
    "actor_ifi",
    "agent_ifis_with_members",
    "canonical",
    "decode_json",
    "format_timestamp",
    "ids_format",
    "normalize_context_activities",
    "parse_statement",
    "parse_statements",
    "parse_timestamp",
    "parse_timestamp_param",
    "parse_version_header",
    "related_activity_ids",
    "related_agent_ifis",
    "response_version",
    "validate_activity_id",
    "validate_agent_param",
    "validate_uuid_param",
]
