"""Writes of the Learning Record Store: storing statements, voiding, the forwarding outbox.

`statements_store` is the one write path, used by the HTTP resource and by the platform
itself (through `statement_record`). It validates strictly, sets the LRS properties
(id, stored, timestamp, authority, version), refuses conflicting re-sends, applies
voiding, inserts immutable rows with their index keys in bulk, queues forwarding, and
hands the batch to the registered listeners (skills, courses) in the same transaction.

The write path is a fixed number of statements per batch, whatever its size: one
SELECT for the ids already stored, one INSERT of statements, one of index keys, one of
identities (ON CONFLICT DO NOTHING, in sorted key order), and a few small ones only when
the batch needs them (activity definitions, voiding, attachments, outbox). No shared row
is updated for ordinary statements, so concurrent batches do not wait for each other.
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

from lrs.agents import platform_authority, user_id_from_agent
from lrs.listeners import statement_listeners
from lrs.models import (
    ActivityDefinition,
    ActorIdentity,
    Attachment,
    OutboxEntry,
    Statement,
    StatementKey,
    iri_hash,
    key_hash,
    statement_key,
)
from lrs.xapi.errors import StatementValidationError
from lrs.xapi.helpers import (
    actor_ifi,
    agent_ifis_with_members,
    normalize_context_activities,
    related_activity_ids,
    related_agent_ifis,
)
from lrs.xapi.models import Activity, Agent, Group, StatementRef, SubStatement
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


def comparable(data: Mapping[str, Any]) -> str:
    """A canonical text of a statement without the properties ignored in comparison."""
    kept = {key: value for key, value in data.items() if key not in IGNORED_IN_COMPARISON}
    return json.dumps(kept, sort_keys=True, ensure_ascii=False)


def stored_now() -> datetime:
    """The current time at millisecond precision (the precision of `stored` in JSON)."""
    now = timezone.now()
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def _complete(
    parsed: XStatement, raw: dict[str, Any], *, stored: datetime, stored_text: str,
    authority: dict[str, Any],
) -> dict[str, Any]:
    """Set the LRS properties on a statement's JSON (its stored form)."""
    data = normalize_context_activities(raw)
    data["id"] = str(uuid.UUID(parsed.id)) if parsed.id else str(uuid.uuid4())
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
    activity = obj.id if isinstance(obj, Activity) else ""
    timestamp = data["timestamp"]
    return Statement(
        statement_id=uuid.UUID(data["id"]),
        data=data,
        stored_at=stored,
        timestamp_at=stored if timestamp == data["stored"] else parse_timestamp(timestamp),
        is_voiding=parsed.is_voiding,
        actor_hash=iri_hash(actor_ifi(parsed.actor)),
        verb_iri=parsed.verb.id,
        verb_hash=iri_hash(parsed.verb.id),
        activity_iri=activity,
        activity_hash=iri_hash(activity) if activity else None,
        statement_ref=uuid.UUID(obj.id) if isinstance(obj, StatementRef) else None,
        registration=uuid.UUID(registration) if registration else None,
        has_attachments=bool(parsed.attachments),
        user_id=user_id_from_agent(data["actor"]),
        client_id=client_id,
    )


def _authority_ifi(authority: Mapping[str, Any]) -> str:
    """The IFI of an authority we set ourselves (an Agent with an account)."""
    account = authority.get("account") or {}
    if account:
        return f"account:{account['homePage']}|{account['name']}"
    if "mbox" in authority:
        return f"mbox:{authority['mbox']}"
    return ""


def _keys_for(parsed: XStatement, row: Statement, authority_ifi: str) -> list[StatementKey]:
    """The index keys of one statement."""
    kind = StatementKey.Kind
    agents = agent_ifis_with_members(parsed.actor)
    if isinstance(parsed.object, Agent | Group):
        agents |= agent_ifis_with_members(parsed.object)
    related = related_agent_ifis(parsed) | agents
    if authority_ifi:
        related.add(authority_ifi)
    values = {statement_key(kind.AGENT, ifi) for ifi in agents}
    values |= {statement_key(kind.RELATED_AGENT, ifi) for ifi in related}
    values |= {statement_key(kind.RELATED_ACTIVITY, iri) for iri in related_activity_ids(parsed)}
    return [StatementKey(key=value, statement=row) for value in values]


def _identities(parsed_list: Sequence[XStatement]) -> dict[tuple[str, str], ActorIdentity]:
    """Every identified agent of a batch with its name, keyed by (IFI, name) hashes."""
    found: dict[tuple[str, str], ActorIdentity] = {}
    for parsed in parsed_list:
        candidates: list[Agent | Group] = [parsed.actor]
        if isinstance(parsed.object, Agent | Group):
            candidates.append(parsed.object)
        for agent in candidates:
            for one in [agent, *(getattr(agent, "member", None) or [])]:
                if isinstance(one, Group) and one.is_anonymous:
                    continue
                ifi_name = one.ifi_keys()[0]
                value = getattr(one, ifi_name)
                ifi = {ifi_name: value.model_dump(by_alias=True) if ifi_name == "account" else value}
                name = one.name or ""
                key = (key_hash(actor_ifi(one)), key_hash(name))
                found[key] = ActorIdentity(
                    key=key[0], name_key=key[1], ifi=ifi, name=name
                )
    return found


def _definitions(parsed_list: Sequence[XStatement]) -> dict[str, tuple[str, dict[str, Any]]]:
    """The activity definitions a batch carries (object and context), keyed by IRI hash."""
    found: dict[str, tuple[str, dict[str, Any]]] = {}

    def add(activity: Activity) -> None:
        if activity.definition is not None:
            definition = activity.definition.model_dump(
                mode="json", by_alias=True, exclude_unset=True
            )
            key = key_hash(activity.id)
            previous = found.get(key)
            merged = merge_definition(previous[1], definition) if previous else definition
            found[key] = (activity.id, merged)

    for parsed in parsed_list:
        for statement in (parsed, parsed.object):
            if not isinstance(statement, XStatement | SubStatement):
                continue
            if isinstance(statement.object, Activity):
                add(statement.object)
            context = statement.context
            if context is not None and context.context_activities is not None:
                for activities in context.context_activities.as_lists().values():
                    for activity in activities:
                        add(activity)
    return found


def merge_definition(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """The canonical definition: the newest values, language maps merged."""
    merged = dict(old)
    for key, value in new.items():
        if key in ("name", "description") and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


def _save_shared_rows(parsed_list: Sequence[XStatement]) -> None:
    """Record identities and activity definitions, in sorted key order (no deadlocks)."""
    identities = _identities(parsed_list)
    if identities:
        ActorIdentity.objects.bulk_create(
            [identities[key] for key in sorted(identities)], ignore_conflicts=True
        )
    definitions = _definitions(parsed_list)
    if not definitions:
        return
    keys = sorted(definitions)
    existing = {row.iri_key: row for row in ActivityDefinition.objects.filter(iri_key__in=keys)}
    new_rows, changed = [], []
    for key in keys:
        iri, definition = definitions[key]
        row = existing.get(key)
        if row is None:
            new_rows.append(ActivityDefinition(activity_iri=iri, iri_key=key, definition=definition))
        else:
            merged = merge_definition(row.definition, definition)
            if merged != row.definition:
                row.definition = merged
                changed.append(row)
    if new_rows:
        ActivityDefinition.objects.bulk_create(new_rows, ignore_conflicts=True)
    if changed:
        # Only when a definition really changes: rows are locked in sorted key order.
        ids = [row.pk for row in changed]
        list(ActivityDefinition.objects.select_for_update().filter(pk__in=ids).order_by("iri_key"))
        ActivityDefinition.objects.bulk_update(changed, ["definition"])


def _with_actor(payload: Any, actor: dict[str, Any]) -> Any:
    """The payload with every statement's actor replaced (session and token writes)."""
    if isinstance(payload, list):
        return [_with_actor(item, actor) for item in payload]
    if isinstance(payload, dict):
        return {**payload, "actor": actor}
    return payload


def _existing(ids: list[str]) -> dict[str, dict[str, Any]]:
    """The stored JSON of the statements of a batch that are already stored."""
    rows = Statement.objects.filter(statement_id__in=ids).values_list("statement_id", "data")
    return {str(statement_id): data for statement_id, data in rows}


def _check_voiding_targets(parsed_list: Sequence[XStatement]) -> None:
    """Refuse to void a statement that is itself a voiding statement."""
    targets: dict[uuid.UUID, int] = {}
    for index, parsed in enumerate(parsed_list):
        if parsed.is_voiding and isinstance(parsed.object, StatementRef):
            targets[uuid.UUID(parsed.object.id)] = index
    if not targets:
        return
    in_batch = {
        uuid.UUID(parsed.id) for parsed in parsed_list if parsed.is_voiding and parsed.id
    }
    stored = set(
        Statement.objects.filter(statement_id__in=targets, is_voiding=True).values_list(
            "statement_id", flat=True
        )
    )
    for target, index in targets.items():
        if target in stored or target in in_batch:
            raise StatementValidationError(
                f"statements[{index}].object.id", "a voiding statement cannot itself be voided"
            )


def _apply_voiding(rows: Sequence[Statement]) -> None:
    """Mark targets of new voiding statements voided, and new statements already voided."""
    targets = [row.statement_ref for row in rows if row.is_voiding and row.statement_ref]
    if targets:
        Statement.objects.filter(statement_id__in=targets, is_voiding=False).update(
            is_voided=True
        )
    new_ids = [row.statement_id for row in rows if not row.is_voiding]
    if not new_ids:
        return
    voided_later = list(
        Statement.objects.filter(statement_ref__in=new_ids, is_voiding=True).values_list(
            "statement_ref", flat=True
        )
    )
    if voided_later:
        Statement.objects.filter(statement_id__in=voided_later).update(is_voided=True)
        for row in rows:
            if row.statement_id in voided_later:
                row.is_voided = True


def _keep_known_users(rows: Sequence[Statement]) -> None:
    """Link statements to platform users only when those users exist."""
    candidates = {row.user_id for row in rows if row.user_id is not None}
    if not candidates:
        return
    known = set(get_user_model().objects.filter(pk__in=candidates).values_list("pk", flat=True))
    for row in rows:
        if row.user_id not in known:
            row.user_id = None


def _insert(rows: list[Statement]) -> None:
    """Insert the statement rows and make sure each has its primary key."""
    Statement.objects.bulk_create(rows)
    if rows and rows[0].pk is None:  # backends that do not return ids on bulk insert
        by_id = dict(
            Statement.objects.filter(statement_id__in=[r.statement_id for r in rows]).values_list(
                "statement_id", "seq"
            )
        )
        for row in rows:
            row.pk = by_id[row.statement_id]


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
    the parsed batch (raising StatementForbidden); `can_define` is False for clients
    without the `define` scope, whose statements do not change the canonical activity
    definitions and agent identities.
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
        _complete(parsed, raw, stored=stored, stored_text=stored_text, authority=authority)
        for parsed, raw in zip(parsed_list, raws, strict=True)
    ]
    ids = [data["id"] for data in datas]
    existing = _existing(ids)
    fresh: list[tuple[XStatement, dict[str, Any]]] = []
    for index, (parsed, data) in enumerate(zip(parsed_list, datas, strict=True)):
        previous = existing.get(data["id"])
        if previous is None:
            fresh.append((parsed, data))
        elif comparable(previous) != comparable(data):
            raise StatementConflict(
                f"statements[{index}].id: a different statement with id {data['id']} "
                "is already stored"
            )
    fresh_parsed = [parsed for parsed, _data in fresh]
    _check_voiding_targets(fresh_parsed)
    rows = [_row_for(parsed, data, stored=stored, client_id=client_id) for parsed, data in fresh]
    if not rows:
        return StoreResult(ids=ids, inserted=[])
    _keep_known_users(rows)
    _insert(rows)
    authority_ifi = _authority_ifi(authority)
    StatementKey.objects.bulk_create(
        [key for parsed, row in zip(fresh_parsed, rows, strict=True)
         for key in _keys_for(parsed, row, authority_ifi)]
    )
    if can_define:
        _save_shared_rows(fresh_parsed)
    _save_attachments(attachments or {})
    _apply_voiding(rows)
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
