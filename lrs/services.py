"""Writes of the Learning Record Store: storing statements, voiding, forwarding outbox.

`statements_store` is the one write path, used by the HTTP resource and by the platform
itself (through `statement_record`). It validates strictly, sets the LRS properties
(id, stored, timestamp, authority, version), refuses conflicting re-sends, applies
voiding, inserts immutable rows with their index keys in bulk, queues forwarding, and
hands the batch to the registered listeners (skills, courses) in the same transaction.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from lrs.agents import platform_authority, user_id_from_agent
from lrs.listeners import statement_listeners
from lrs.models import (
    ActivityDefinition,
    ActorIdentity,
    OutboxEntry,
    Statement,
    StatementKey,
    key_hash,
)
from lrs.xapi.errors import StatementValidationError
from lrs.xapi.helpers import (
    actor_ifi,
    normalize_context_activities,
    agent_ifis_with_members,
    related_activity_ids,
    related_agent_ifis,
)
from lrs.xapi.models import Activity, Agent, Group, StatementRef
from lrs.xapi.models import Statement as XStatement
from lrs.xapi.timestamps import format_timestamp, parse_timestamp
from lrs.xapi.validation import parse_statements

# Properties the LRS sets or that do not count when comparing two versions of a
# statement (xAPI 1.0.3, Data 2.5: statement comparison).
IGNORED_IN_COMPARISON = ("id", "stored", "authority", "version", "timestamp", "attachments")


class StatementConflict(Exception):
    """A statement id already stored with different content (HTTP 409)."""


@dataclass(frozen=True)
class StoreResult:
    """The ids of a stored batch, in order, and the rows actually inserted."""

    ids: list[str]
    inserted: list[Statement]


def _comparable(data: dict[str, Any]) -> str:
    """A canonical text of a statement without the properties ignored in comparison."""
    kept = {key: value for key, value in data.items() if key not in IGNORED_IN_COMPARISON}
    return json.dumps(kept, sort_keys=True, ensure_ascii=False)


def _complete(
    parsed: XStatement, raw: dict[str, Any], *, stored: datetime, authority: dict[str, Any]
) -> dict[str, Any]:
    """Set the LRS properties on a statement's JSON (contextActivities as arrays, Data 2.4.6.2)."""
    data = normalize_context_activities(dict(raw))
    data["id"] = str(uuid.UUID(parsed.id)) if parsed.id else str(uuid.uuid4())
    stored_text = format_timestamp(stored)
    data["stored"] = stored_text
    data.setdefault("timestamp", stored_text)
    data["authority"] = authority
    data.setdefault("version", "1.0.0")
    return data


def _row_for(
    parsed: XStatement, data: dict[str, Any], *, stored: datetime, client_id: int | None
) -> Statement:
    """The statement row with its precomputed index columns."""
    obj = parsed.object
    context = parsed.context
    registration = context.registration if context is not None else None
    return Statement(
        statement_id=uuid.UUID(data["id"]),
        data=data,
        stored_at=stored,
        timestamp_at=parse_timestamp(data["timestamp"]),
        is_voiding=parsed.is_voiding,
        actor_key=key_hash(actor_ifi(parsed.actor)),
        verb_iri=parsed.verb.id,
        activity_iri=obj.id if isinstance(obj, Activity) else "",
        statement_ref=uuid.UUID(obj.id) if isinstance(obj, StatementRef) else None,
        registration=uuid.UUID(registration) if registration else None,
        has_attachments=bool(parsed.attachments),
        user_id=user_id_from_agent(data["actor"]),
        client_id=client_id,
    )


def _keys_for(parsed: XStatement, row: Statement) -> list[StatementKey]:
    """The index keys of one statement."""
    kind = StatementKey.Kind
    agents = agent_ifis_with_members(parsed.actor)
    if isinstance(parsed.object, Agent | Group):
        agents |= agent_ifis_with_members(parsed.object)
    related = related_agent_ifis(parsed) | agents
    if row.data.get("authority"):
        related.add(_authority_ifi(row.data["authority"]))
    keys = [StatementKey(statement=row, kind=kind.AGENT, key=key_hash(a)) for a in agents]
    keys += [StatementKey(statement=row, kind=kind.RELATED_AGENT, key=key_hash(a)) for a in related]
    keys += [
        StatementKey(statement=row, kind=kind.RELATED_ACTIVITY, key=key_hash(a))
        for a in related_activity_ids(parsed)
    ]
    return keys


def _authority_ifi(authority: dict[str, Any]) -> str:
    """The IFI of an authority we set ourselves (an Agent with an account)."""
    account = authority.get("account", {})
    if account:
        return f"account:{account['homePage']}|{account['name']}"
    if "mbox" in authority:
        return f"mbox:{authority['mbox']}"
    return ""


def _identities(parsed_list: Sequence[XStatement]) -> dict[str, dict[str, Any]]:
    """Every identified agent of a batch, keyed by its IFI hash."""
    found: dict[str, dict[str, Any]] = {}
    for parsed in parsed_list:
        candidates = [parsed.actor]
        if isinstance(parsed.object, Agent | Group):
            candidates.append(parsed.object)
        for agent in candidates:
            members = list(getattr(agent, "member", None) or [])
            for one in [agent, *members]:
                if isinstance(one, Group) and one.is_anonymous:
                    continue
                data = one.model_dump(mode="json", by_alias=True, exclude_unset=True)
                found[key_hash(actor_ifi(one))] = data
    return found


def _definitions(parsed_list: Sequence[XStatement]) -> dict[str, tuple[str, dict[str, Any]]]:
    """The activity definitions a batch carries, keyed by IRI hash."""
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    for parsed in parsed_list:
        obj = parsed.object
        if isinstance(obj, Activity) and obj.definition is not None:
            definition = obj.definition.model_dump(mode="json", by_alias=True, exclude_unset=True)
            found[key_hash(obj.id)] = (obj.id, definition)
    return found


def _save_shared_rows(parsed_list: Sequence[XStatement]) -> None:
    """Record identities and activity definitions, in sorted key order (no deadlocks)."""
    identities = _identities(parsed_list)
    if identities:
        ActorIdentity.objects.bulk_create(
            [ActorIdentity(key=key, agent=identities[key]) for key in sorted(identities)],
            ignore_conflicts=True,
        )
    definitions = _definitions(parsed_list)
    if not definitions:
        return
    existing = {
        row.iri_key: row
        for row in ActivityDefinition.objects.filter(iri_key__in=sorted(definitions))
    }
    new_rows, changed = [], []
    for key in sorted(definitions):
        iri, definition = definitions[key]
        row = existing.get(key)
        if row is None:
            new_rows.append(ActivityDefinition(activity_iri=iri, iri_key=key, definition=definition))
        else:
            merged = _merge_definition(row.definition, definition)
            if merged != row.definition:
                row.definition = merged
                changed.append(row)
    ActivityDefinition.objects.bulk_create(new_rows, ignore_conflicts=True)
    if changed:
        ActivityDefinition.objects.bulk_update(changed, ["definition"])


def _merge_definition(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """The canonical definition: the newest values, language maps merged."""
    merged = dict(old)
    for key, value in new.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict) and key != "extensions":
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


@transaction.atomic
def statements_store(
    *,
    payload: Any,
    authority: dict[str, Any] | None = None,
    client_id: int | None = None,
    forced_actor: dict[str, Any] | None = None,
) -> StoreResult:
    """Validate and store one statement or a batch, all or nothing; return the ids in order."""
    if forced_actor is not None:
        payload = _with_actor(payload, forced_actor)
    parsed_list = parse_statements(payload)
    raws = payload if isinstance(payload, list) else [payload]
    authority = authority or platform_authority()
    stored = timezone.now()
    datas = [
        _complete(parsed, raw, stored=stored, authority=authority)
        for parsed, raw in zip(parsed_list, raws, strict=True)
    ]
    ids = [data["id"] for data in datas]
    existing = {
        str(row.statement_id): row.data
        for row in Statement.objects.filter(statement_id__in=ids).only("statement_id", "data")
    }
    fresh: list[tuple[XStatement, dict[str, Any]]] = []
    for index, (parsed, data) in enumerate(zip(parsed_list, datas, strict=True)):
        previous = existing.get(data["id"])
        if previous is None:
            fresh.append((parsed, data))
        elif _comparable(previous) != _comparable(data):
            raise StatementConflict(
                f"statements[{index}].id: a different statement with id {data['id']} "
                "is already stored"
            )
    _check_voiding_targets([parsed for parsed, _data in fresh])
    rows = [_row_for(parsed, data, stored=stored, client_id=client_id) for parsed, data in fresh]
    _keep_known_users(rows)
    Statement.objects.bulk_create(rows)
    if rows and rows[0].pk is None:  # backends that do not return ids on bulk insert
        by_id = dict(
            Statement.objects.filter(statement_id__in=[r.statement_id for r in rows])
            .values_list("statement_id", "seq")
        )
        for row in rows:
            row.pk = by_id[row.statement_id]
    keys = [key for (parsed, _data), row in zip(fresh, rows, strict=True)
            for key in _keys_for(parsed, row)]
    StatementKey.objects.bulk_create(keys)
    _save_shared_rows([parsed for parsed, _data in fresh])
    _apply_voiding(rows)
    if settings.LRS_FORWARD_URL and rows:
        OutboxEntry.objects.bulk_create([OutboxEntry(statement=row) for row in rows])
        transaction.on_commit(_queue_forwarding)
    for listener in statement_listeners():
        listener(rows)
    return StoreResult(ids=ids, inserted=rows)


def _keep_known_users(rows: Sequence[Statement]) -> None:
    """Link statements to platform users only when those users exist."""
    candidates = {row.user_id for row in rows if row.user_id is not None}
    if not candidates:
        return
    known = set(
        get_user_model().objects.filter(pk__in=candidates).values_list("pk", flat=True)
    )
    for row in rows:
        if row.user_id not in known:
            row.user_id = None


def _with_actor(payload: Any, actor: dict[str, Any]) -> Any:
    """The payload with every statement's actor replaced (session writes)."""
    if isinstance(payload, list):
        return [_with_actor(item, actor) for item in payload]
    if isinstance(payload, dict):
        return {**payload, "actor": actor}
    return payload


def _check_voiding_targets(parsed_list: Sequence[XStatement]) -> None:
    """Refuse to void a statement that is itself a voiding statement."""
    targets = {
        uuid.UUID(parsed.object.id): index
        for index, parsed in enumerate(parsed_list)
        if parsed.is_voiding and isinstance(parsed.object, StatementRef)
    }
    if not targets:
        return
    voiding = Statement.objects.filter(statement_id__in=targets, is_voiding=True)
    for row in voiding.only("statement_id"):
        raise StatementValidationError(
            f"statements[{targets[row.statement_id]}].object.id",
            "a voiding statement cannot itself be voided",
        )


def _apply_voiding(rows: Sequence[Statement]) -> None:
    """Mark targets of new voiding statements voided, and new statements already voided."""
    targets = [row.statement_ref for row in rows if row.is_voiding and row.statement_ref]
    if targets:
        Statement.objects.filter(statement_id__in=targets, is_voiding=False).update(
            is_voided=True
        )
    new_ids = [row.statement_id for row in rows if not row.is_voiding]
    if new_ids:
        already = Statement.objects.filter(is_voiding=True, statement_ref__in=new_ids).values(
            "statement_ref"
        )
        Statement.objects.filter(statement_id__in=already).update(is_voided=True)


def _queue_forwarding() -> None:
    """Ask a worker to send the outbox (imported late: tasks import this module)."""
    from lrs.tasks import outbox_forward_task

    outbox_forward_task.delay()


def statement_record(statement: dict[str, Any]) -> Statement:
    """Store one statement the platform produces itself (no HTTP); return its row."""
    result = statements_store(payload=statement)
    if result.inserted:
        return result.inserted[0]
    return Statement.objects.get(statement_id=result.ids[0])
