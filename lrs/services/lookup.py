"""What the store must know about a batch before inserting it, in one query.

A batch needs to know: which of its ids are already stored (re-send or conflict), which
of its statements were voided before they arrived, whether its voiding statements target
voiding statements, which of its agent identities are known, and the current canonical
definitions of its activities. Asking separately costs a database round trip each; one
UNION ALL query asks it all (each branch an index lookup), which matters most when the
database is busy. On PostgreSQL the same query also takes the sequence numbers of the
rows to insert.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import CharField, F, IntegerField, TextField, Value
from django.db.models.functions import Cast, Concat

from lrs.models import ActivityDefinition, ActorIdentity, Statement
from lrs.xapi.jsontext import loads

EXISTING, REFERRING, VOIDING_TARGET, IDENTITY, DEFINITION, SEQUENCE = range(6)


@dataclass(frozen=True)
class BatchLookup:
    """The answers of the lookup query."""

    existing: dict[str, dict[str, Any]] = field(default_factory=dict)  # id → stored JSON
    voided_later: set[uuid.UUID] = field(default_factory=set)  # voided before they came
    # Statements stored before their target: target id → [(their id, their seq)].
    referrers: dict[uuid.UUID, list[tuple[uuid.UUID, int]]] = field(default_factory=dict)
    voiding_targets: set[uuid.UUID] = field(default_factory=set)  # targets that are voiding
    identities: set[tuple[str, str]] = field(default_factory=set)  # (IFI key, name key)
    definitions: dict[str, dict[str, Any]] = field(default_factory=dict)  # iri key → def
    # PostgreSQL: sequence numbers taken for the batch's rows (one per statement).
    seqs: list[int] = field(default_factory=list)


def _branch(queryset: Any, kind: int, first: Any, second: Any = None) -> Any:
    """One branch of the union: (kind, text, text)."""
    return queryset.values_list(
        Value(kind, output_field=IntegerField()),
        Cast(first, TextField()),
        Cast(second, TextField()) if second is not None else Value(None, TextField()),
    ).order_by()


def batch_lookup(
    *,
    ids: Collection[str],
    voiding_targets: Collection[uuid.UUID],
    identity_keys: Collection[str],
    definition_keys: Collection[str],
) -> BatchLookup:
    """Ask everything the batch needs to know in one query."""
    uuids = [uuid.UUID(value) for value in ids]
    found = BatchLookup()
    if connection.vendor == "postgresql":
        rows = _postgresql_rows(uuids, voiding_targets, identity_keys, definition_keys)
    else:
        rows = _portable_rows(uuids, voiding_targets, identity_keys, definition_keys)
    for kind, first, second in rows:
        _record(found, kind, first, second)
    found.seqs.sort()
    return found


# PostgreSQL: one statement whose lists travel as five comma-separated strings (UUIDs and
# hex keys hold no comma), instead of hundreds of placeholders for Django to compile and
# the driver to quote one by one.
_POSTGRESQL_LOOKUP = """
SELECT 0, statement_id::text, data::text FROM {statement}
  WHERE statement_id = ANY(string_to_array(%s, ',')::uuid[])
UNION ALL
SELECT 1, statement_ref::text, statement_id::text || '|' || seq || '|' || is_voiding
  FROM {statement} WHERE statement_ref = ANY(string_to_array(%s, ',')::uuid[])
UNION ALL
SELECT 2, statement_id::text, NULL FROM {statement}
  WHERE statement_id = ANY(string_to_array(%s, ',')::uuid[]) AND is_voiding
UNION ALL
SELECT 3, key || ':' || name_key, NULL FROM {identity}
  WHERE key = ANY(string_to_array(%s, ','))
UNION ALL
SELECT 4, iri_key, definition::text FROM {definition}
  WHERE iri_key = ANY(string_to_array(%s, ','))
UNION ALL
SELECT 5, nextval(pg_get_serial_sequence('{statement}', 'seq'))::text, NULL
  FROM generate_series(1, %s)
"""


def _postgresql_rows(
    uuids: list[uuid.UUID],
    voiding_targets: Collection[uuid.UUID],
    identity_keys: Collection[str],
    definition_keys: Collection[str],
) -> list[tuple[int, str, str | None]]:
    """The lookup rows, on PostgreSQL."""
    ids = ",".join(str(value) for value in uuids)
    params = [
        ids,
        ids,
        ",".join(str(value) for value in voiding_targets),
        ",".join(sorted(identity_keys)),
        ",".join(sorted(definition_keys)),
        len(uuids),
    ]
    sql = _POSTGRESQL_LOOKUP.format(
        statement=Statement._meta.db_table,
        identity=ActorIdentity._meta.db_table,
        definition=ActivityDefinition._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _portable_rows(
    uuids: list[uuid.UUID],
    voiding_targets: Collection[uuid.UUID],
    identity_keys: Collection[str],
    definition_keys: Collection[str],
) -> Any:
    """The lookup rows, with the ORM (any database)."""
    branches = [
        _branch(Statement.objects.filter(statement_id__in=uuids), EXISTING, "statement_id", "data"),
        _branch(
            Statement.objects.filter(statement_ref__in=uuids),
            REFERRING,
            "statement_ref",
            Concat(
                Cast("statement_id", TextField()),
                Value("|"),
                Cast("seq", TextField()),
                Value("|"),
                Cast("is_voiding", TextField()),
                output_field=TextField(),
            ),
        ),
    ]
    if voiding_targets:
        branches.append(
            _branch(
                Statement.objects.filter(statement_id__in=list(voiding_targets), is_voiding=True),
                VOIDING_TARGET,
                "statement_id",
            )
        )
    if identity_keys:
        branches.append(
            _branch(
                ActorIdentity.objects.filter(key__in=sorted(identity_keys)),
                IDENTITY,
                Concat(F("key"), Value(":"), F("name_key"), output_field=CharField()),
            )
        )
    if definition_keys:
        branches.append(
            _branch(
                ActivityDefinition.objects.filter(iri_key__in=sorted(definition_keys)),
                DEFINITION,
                "iri_key",
                "definition",
            )
        )
    return branches[0].union(*branches[1:], all=True)


def _record(found: BatchLookup, kind: int, first: str, second: str | None) -> None:
    """Store one row of the lookup in its place."""
    if kind == EXISTING:
        found.existing[str(uuid.UUID(first))] = _json(second)
    elif kind == REFERRING:
        target = uuid.UUID(first)
        statement_id, seq, is_voiding = (second or "").split("|")
        found.referrers.setdefault(target, []).append((uuid.UUID(statement_id), int(seq)))
        if is_voiding.lower() in ("true", "1", "t"):
            found.voided_later.add(target)
    elif kind == VOIDING_TARGET:
        found.voiding_targets.add(uuid.UUID(first))
    elif kind == IDENTITY:
        key, _sep, name_key = first.partition(":")
        found.identities.add((key, name_key))
    elif kind == DEFINITION:
        found.definitions[first] = _json(second)
    else:
        found.seqs.append(int(first))


def _json(text: str | None) -> Any:
    """JSON stored as text (SQLite) or rendered from jsonb (PostgreSQL)."""
    if text is None:
        return None
    value = loads(text)
    # SQLite may hand back a JSON string holding the document.
    return loads(value) if isinstance(value, str) else value
