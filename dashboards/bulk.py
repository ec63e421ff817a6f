"""Fast bulk inserts for rebuilds and synthetic loads: COPY on PostgreSQL, batches elsewhere.

Rows are plain dicts keyed by field attribute names (`user_id`, not `user`). Fields a row
leaves out take their model default (and `auto_now`/`auto_now_add` fields the current
time), so a column added to a model later does not break the loaders.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from itertools import islice
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone

BATCH = 5000


class RawJson(str):
    """JSON already serialised (a loader's fast path: written as is by COPY)."""


def _defaults(model: type[models.Model], fields: list[models.Field]) -> dict[str, Any]:
    """The value each field takes when a row leaves it out."""
    now = timezone.now()
    values = {}
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            values[field.attname] = now
        elif field.has_default():
            values[field.attname] = field.get_default()
        else:
            values[field.attname] = None
    return values


def bulk_insert(
    model: type[models.Model], rows: Iterable[dict[str, Any]], *, defer_indexes: bool = False
) -> int:
    """Insert rows into a model's table as fast as the database allows; return the count.

    With `defer_indexes` (PostgreSQL), the table's plain indexes are dropped for the copy
    and built again after it, which is much faster for large loads (inside the caller's
    transaction, so nothing is ever left without its indexes).
    """
    fields = [
        field
        for field in model._meta.concrete_fields
        if not (isinstance(field, models.AutoField | models.BigAutoField) and field.primary_key)
    ]
    remaining = iter(rows)
    first_rows = list(islice(remaining, 1))
    if not first_rows:
        return 0
    rows = _chain(first_rows, remaining)
    if "seq" in first_rows[0] or model._meta.pk.attname in first_rows[0]:
        pk = model._meta.pk
        if pk not in fields:
            fields.insert(0, pk)
    defaults = _defaults(model, fields)
    if connection.vendor == "postgresql":
        if not defer_indexes:
            return _copy(model, fields, defaults, rows)
        with indexes_deferred(model):
            return _copy(model, fields, defaults, rows)
    count = 0
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH)):
        model.objects.bulk_create(
            [model(**{**_subset(defaults, row), **_parsed(row)}) for row in batch]
        )
        count += len(batch)
    return count


@contextmanager
def indexes_deferred(model: type[models.Model]) -> Iterator[None]:
    """Drop a table's plain indexes, and build them again on leaving (PostgreSQL only).

    Inside the caller's transaction, so the table is never seen without them. Pending
    foreign-key checks run first: PostgreSQL builds no index while they wait.
    """
    if connection.vendor != "postgresql":
        yield
        return
    definitions = _plain_indexes(model)
    with connection.cursor() as cursor:
        for name, _definition in definitions:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for _name, definition in definitions:
            cursor.execute(definition)


def _plain_indexes(model: type[models.Model]) -> list[tuple[str, str]]:
    """The indexes of a table that back no constraint, with their definitions."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s "
            "AND i.schemaname = current_schema() AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
            [model._meta.db_table],
        )
        return list(cursor.fetchall())


def fast_session(*, skip_foreign_key_checks: bool = False) -> None:
    """Tune this transaction for a bulk load (PostgreSQL): no wait for the disk on commit,
    more memory for index builds and, when asked and allowed (superuser), no foreign-key
    triggers (the loader writes ids it has just read, so they are known to be valid)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit TO OFF")
        cursor.execute("SET LOCAL maintenance_work_mem TO '256MB'")
        if skip_foreign_key_checks:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if cursor.fetchone()[0]:
                cursor.execute("SET LOCAL session_replication_role TO replica")


def _parsed(row: dict[str, Any]) -> dict[str, Any]:
    """A row with its serialised JSON read back (for `bulk_create`)."""
    return {
        name: json.loads(value) if isinstance(value, RawJson) else value
        for name, value in row.items()
    }


def _subset(defaults: dict[str, Any], row: dict[str, Any]) -> dict[str, Any]:
    """The defaults of the fields a row leaves out."""
    return {name: value for name, value in defaults.items() if name not in row}


def _chain(first: list[dict[str, Any]], rest: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    """The first rows, then the rest."""
    yield from first
    yield from rest


def _copy_text(value: Any) -> str:
    """A value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    elif not isinstance(value, str):
        value = str(value)
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        value = (
            value.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return value


def _copy(
    model: type[models.Model],
    fields: list[models.Field],
    defaults: dict[str, Any],
    rows: Iterable[dict[str, Any]],
) -> int:
    """COPY rows into a PostgreSQL table (text format, written in large chunks)."""
    names = [field.attname for field in fields]
    json_names = {field.attname for field in fields if isinstance(field, models.JSONField)}
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            lines: list[str] = []
            for row in rows:
                values = []
                for name in names:
                    value = row[name] if name in row else defaults[name]
                    if name in json_names and value is not None and not isinstance(value, RawJson):
                        value = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
                    values.append(_copy_text(value))
                lines.append("\t".join(values))
                count += 1
                if len(lines) >= BATCH:
                    copy.write("\n".join(lines) + "\n")
                    lines = []
            if lines:
                copy.write("\n".join(lines) + "\n")
    return count


def sequence_reset(model: type[models.Model]) -> None:
    """Move a table's id sequence past its highest id (after inserting explicit ids)."""
    if connection.vendor != "postgresql":
        return
    sql = connection.ops.sequence_reset_sql(no_style(), [model])
    with connection.cursor() as cursor:
        for statement in sql:
            cursor.execute(statement)
