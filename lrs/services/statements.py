"""Writes of the Learning Record Store: storing statements, voiding, the forwarding outbox.

`statements_store` is the one write path, used by the HTTP resource and by the platform
itself (through `statement_record`). It validates strictly, sets the LRS properties
(id, stored, timestamp, authority, version), refuses conflicting re-sends, applies
voiding, inserts immutable rows with their index keys in bulk, queues forwarding, and
hands the batch to the registered listeners (skills, courses) in the same transaction.

A batch costs a fixed number of database round trips whatever its size: one lookup
query (lrs.services.lookup), the sequence numbers and two COPY streams on PostgreSQL
(lrs.services.bulk), and only when the batch needs them: new identities or definitions,
the update of voided targets, attachments, outbox entries. Ordinary statements update
no shared row, so concurrent batches do not wait for each other.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from common.collector import collector_paused
from common.rows import pks_existing
from lrs.agents import platform_authority, user_id_from_agent
from lrs.listeners import statement_listeners
from lrs.models import Attachment, OutboxEntry, Statement, StatementKey, iri_hash, statement_key
from lrs.services.bulk import statement_columns, statements_insert
from lrs.services.lookup import BatchLookup, batch_lookup
from lrs.services.refs import late_target_keys, referring_keys
from lrs.services.shared import definitions_of, definitions_save, identities_of, identities_save
from lrs.xapi.errors import StatementValidationError
from lrs.xapi.helpers import (
    actor_ifi,
    agent_ifis_with_members,
    normalize_context_activities,
    related_activity_ids,
    related_agent_ifis,
)
from lrs.xapi.models import Activity, Agent, Group, StatementRef
from lrs.xapi.models import Statement as XStatement
from lrs.xapi.timestamps import format_timestamp, parse_timestamp
from lrs.xapi.validation import parse_statements

# Properties the LRS sets or that do not count when comparing two versions of a
# statement (xAPI 1.0.3, Data 2.3 immutability and 2.5 statement comparison).
IGNORED_IN_COMPARISON = ("id", "stored", "authority", "version", "timestamp", "attachments")


class StatementConflict(Exception):
    """A statement id already stored with different content (HTTP 409)."""


class StatementForbidden(PermissionError):
    """The credentials may not record this statement (HTTP 403)."""


@dataclass(frozen=True)
class StoreResult:
    """The ids of a stored batch, in order, and the rows actually inserted."""

    ids: list[str]
    inserted: list[Statement]


@dataclass(frozen=True)
class AttachmentContent:
    """The raw content of one attachment received in a multipart request."""

    content_type: str
    content: bytes


StatementCheck = Callable[[Sequence[XStatement]], None]


def _numbers_as_floats(value: Any) -> Any:
    """JSON numbers compared by value: 100, 100.0 and 1e2 are the same number.

    (PostgreSQL's jsonb gives back 1e2 as 100: a re-sent statement must still match.)
    """
    if isinstance(value, dict):
        return {key: _numbers_as_floats(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_numbers_as_floats(item) for item in value]
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def comparable(data: Mapping[str, Any]) -> str:
    """A canonical text of a statement without the properties ignored in comparison."""
    kept = {key: value for key, value in data.items() if key not in IGNORED_IN_COMPARISON}
    return json.dumps(_numbers_as_floats(kept), sort_keys=True, ensure_ascii=False)


def stored_now() -> datetime:
    """The current time at millisecond precision (the precision of `stored` in JSON)."""
    now = timezone.now()
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def _complete(
    parsed: XStatement, raw: dict[str, Any], *, stored_text: str, authority: dict[str, Any]
) -> dict[str, Any]:
    """Set the LRS properties on a statement's JSON (its stored form)."""
    data = normalize_context_activities(raw)
    data["id"] = str(uuid.UUID(parsed.id)) if parsed.id else str(uuid.uuid4())
    data["stored"] = stored_text
    data.setdefault("timestamp", stored_text)
    data["authority"] = authority
    data.setdefault("version", "1.0.0")
    return data


def _values_for(
    parsed: XStatement,
    data: dict[str, Any],
    *,
    stored: datetime,
    client_id: int | None,
    is_voided: bool,
) -> list[Any]:
    """The column values of a statement row (seq left empty), in model order."""
    obj = parsed.object
    context = parsed.context
    registration = context.registration if context is not None else None
    activity = obj.id if isinstance(obj, Activity) else ""
    timestamp = data["timestamp"]
    values = {
        "seq": None,
        "statement_id": uuid.UUID(data["id"]),
        "data": data,
        "stored_at": stored,
        "timestamp_at": stored if timestamp == data["stored"] else _moment(timestamp),
        "is_voided": is_voided,
        "is_voiding": parsed.is_voiding,
        "actor_hash": iri_hash(actor_ifi(parsed.actor)),
        "verb_iri": parsed.verb.id,
        "verb_hash": iri_hash(parsed.verb.id),
        "activity_iri": activity,
        "activity_hash": iri_hash(activity) if activity else None,
        "statement_ref": uuid.UUID(obj.id) if isinstance(obj, StatementRef) else None,
        "registration": uuid.UUID(registration) if registration else None,
        "has_attachments": bool(parsed.attachments),
        "user_id": user_id_from_agent(data["actor"]),
        "client_id": client_id,
    }
    return [values[name] for name in statement_columns()]


def _moment(timestamp: str) -> datetime:
    """A validated timestamp as an aware datetime (the common ISO form parsed fast)."""
    try:
        moment = datetime.fromisoformat(timestamp)
    except ValueError:
        return parse_timestamp(timestamp)
    return moment if moment.tzinfo is not None else parse_timestamp(timestamp)


def _authority_ifi(authority: Mapping[str, Any]) -> str:
    """The IFI of an authority we set ourselves (an Agent with an account)."""
    account = authority.get("account") or {}
    if account:
        return f"account:{account['homePage']}|{account['name']}"
    if "mbox" in authority:
        return f"mbox:{authority['mbox']}"
    return ""


def _keys_for(parsed: XStatement, authority_ifi: str) -> list[int]:
    """The index keys of one statement (see StatementKey and lrs.queries).

    AGENT keys: the actor and an Agent/Group object, with Group members. RELATED_AGENT
    keys: every other agent (context instructor and team, sub-statement agents, the
    authority); a related_agents query looks for both kinds. RELATED_ACTIVITY keys: the
    object activity, every context activity, and the same inside a SubStatement.
    """
    kind = StatementKey.Kind
    agents = agent_ifis_with_members(parsed.actor)
    if isinstance(parsed.object, Agent | Group):
        agents |= agent_ifis_with_members(parsed.object)
    related = related_agent_ifis(parsed)
    if authority_ifi:
        related.add(authority_ifi)
    keys = {statement_key(kind.AGENT, ifi) for ifi in agents}
    keys |= {statement_key(kind.RELATED_AGENT, ifi) for ifi in related - agents}
    keys |= {statement_key(kind.RELATED_ACTIVITY, iri) for iri in related_activity_ids(parsed)}
    return sorted(keys)


def _with_actor(payload: Any, actor: dict[str, Any]) -> Any:
    """The payload with every statement's actor replaced (session and token writes)."""
    if isinstance(payload, list):
        return [_with_actor(item, actor) for item in payload]
    if isinstance(payload, dict):
        return {**payload, "actor": actor}
    return payload


def _voiding_targets(parsed_list: Sequence[XStatement]) -> dict[uuid.UUID, int]:
    """The statements voided by the batch, with the index of the voiding statement."""
    return {
        uuid.UUID(parsed.object.id): index
        for index, parsed in enumerate(parsed_list)
        if parsed.is_voiding and isinstance(parsed.object, StatementRef)
    }


def _check_voiding(
    fresh: Sequence[tuple[int, XStatement, dict[str, Any]]], lookup: BatchLookup
) -> None:
    """Refuse to void a statement that is itself a voiding statement (stored or in the batch)."""
    voiding_ids = {uuid.UUID(data["id"]) for _i, parsed, data in fresh if parsed.is_voiding}
    for index, parsed, _data in fresh:
        if not (parsed.is_voiding and isinstance(parsed.object, StatementRef)):
            continue
        target = uuid.UUID(parsed.object.id)
        if target in lookup.voiding_targets or target in voiding_ids:
            raise StatementValidationError(
                f"statements[{index}].object.id", "a voiding statement cannot itself be voided"
            )


def _fresh(
    parsed_list: Sequence[XStatement], datas: Sequence[dict[str, Any]], lookup: BatchLookup
) -> list[tuple[int, XStatement, dict[str, Any]]]:
    """The statements not stored yet; a stored id with another content is a conflict."""
    fresh = []
    for index, (parsed, data) in enumerate(zip(parsed_list, datas, strict=True)):
        previous = lookup.existing.get(data["id"])
        if previous is None:
            fresh.append((index, parsed, data))
        elif comparable(previous) != comparable(data):
            raise StatementConflict(
                f"statements[{index}].id: a different statement with id {data['id']} "
                "is already stored"
            )
    return fresh


def _keep_known_users(values: Sequence[list[Any]]) -> None:
    """Link statements to platform users only when those users exist."""
    index = statement_columns().index("user_id")
    candidates = {row[index] for row in values if row[index] is not None}
    if not candidates:
        return
    known = pks_existing(get_user_model(), candidates)
    for row in values:
        if row[index] not in known:
            row[index] = None


def _inherit_keys(
    fresh: Sequence[tuple[int, XStatement, dict[str, Any]]],
    rows: Sequence[Statement],
    lookup: BatchLookup,
    authority_ifi: str,
) -> None:
    """Index keys of the StatementRef rule (referring statements, late targets)."""
    stored = [
        (row.statement_id, row.pk, parsed)
        for (_index, parsed, _data), row in zip(fresh, rows, strict=True)
    ]
    new_ids = {row.statement_id for row in rows}
    late = {target: found for target, found in lookup.referrers.items() if target in new_ids}
    keys = referring_keys(stored, authority_ifi) + late_target_keys(stored, late, authority_ifi)
    if keys:
        StatementKey.objects.bulk_create(keys, ignore_conflicts=True)


def _void_targets(rows: Sequence[Statement]) -> None:
    """Mark the targets of the batch's voiding statements voided."""
    targets = [row.statement_ref for row in rows if row.is_voiding and row.statement_ref]
    if targets:
        Statement.objects.filter(statement_id__in=targets, is_voiding=False).update(is_voided=True)


def _save_attachments(attachments: Mapping[str, AttachmentContent]) -> None:
    """Store raw attachments once per sha2."""
    if attachments:
        Attachment.objects.bulk_create(
            [
                Attachment(sha2=sha2, content_type=part.content_type, content=part.content)
                for sha2, part in sorted(attachments.items())
            ],
            ignore_conflicts=True,
        )


@collector_paused()  # a batch's objects live until it is stored: see common.collector
@transaction.atomic
def statements_store(
    *,
    payload: Any,
    authority: dict[str, Any] | None = None,
    client_id: int | None = None,
    forced_actor: dict[str, Any] | None = None,
    attachments: Mapping[str, AttachmentContent] | None = None,
    can_define: bool = True,
    check: StatementCheck | None = None,
) -> StoreResult:
    """Validate and store one statement or a batch, all or nothing; return the ids in order.

    `forced_actor` replaces every actor (session and token writes); `check` may refuse
    the parsed batch (raising StatementForbidden or StatementValidationError);
    `can_define` is False for clients without the `define` scope, whose statements do
    not change the canonical activity definitions and agent identities.
    """
    if forced_actor is not None:
        payload = _with_actor(payload, forced_actor)
    parsed_list = parse_statements(payload)
    if check is not None:
        check(parsed_list)
    raws = payload if isinstance(payload, list) else [payload]
    authority = authority or platform_authority()
    stored = stored_now()
    stored_text = format_timestamp(stored)
    datas = [
        _complete(parsed, raw, stored_text=stored_text, authority=authority)
        for parsed, raw in zip(parsed_list, raws, strict=True)
    ]
    identities = identities_of(datas) if can_define else {}
    definitions = definitions_of(datas) if can_define else {}
    lookup = batch_lookup(
        ids=[data["id"] for data in datas],
        voiding_targets=_voiding_targets(parsed_list),
        identity_keys={key for key, _name in identities},
        definition_keys=definitions,
    )
    fresh = _fresh(parsed_list, datas, lookup)
    ids = [data["id"] for data in datas]
    if not fresh:
        return StoreResult(ids=ids, inserted=[])
    _check_voiding(fresh, lookup)
    values = [
        _values_for(
            parsed,
            data,
            stored=stored,
            client_id=client_id,
            is_voided=bool(lookup.voided_later)
            and not parsed.is_voiding
            and uuid.UUID(data["id"]) in lookup.voided_later,
        )
        for _index, parsed, data in fresh
    ]
    _keep_known_users(values)
    authority_ifi = _authority_ifi(authority)
    rows = statements_insert(
        values,
        [_keys_for(parsed, authority_ifi) for _index, parsed, _data in fresh],
        lookup.seqs,
    )
    _inherit_keys(fresh, rows, lookup, authority_ifi)
    identities_save(identities, lookup.identities)
    definitions_save(definitions, lookup.definitions)
    _void_targets(rows)
    _save_attachments(attachments or {})
    if settings.LRS_FORWARD_URL:
        OutboxEntry.objects.bulk_create([OutboxEntry(statement=row) for row in rows])
        _queue_forwarding()
    for listener in statement_listeners():
        listener(rows)
    return StoreResult(ids=ids, inserted=rows)


def _queue_forwarding() -> None:
    """Ask a worker to send the outbox once this transaction commits."""
    from lrs.tasks import outbox_forward_task  # tasks import the services

    outbox_forward_task.delay_on_commit()


def statement_record(statement: dict[str, Any]) -> Statement:
    """Store one statement the platform produces itself (no HTTP); return its row."""
    result = statements_store(payload=statement)
    if result.inserted:
        return result.inserted[0]
    return Statement.objects.get(statement_id=result.ids[0])


# The issue names the single-statement service `statement_store`: same function.
statement_store = statements_store
