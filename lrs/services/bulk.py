"""Bulk insertion of statement rows and their index keys: COPY on PostgreSQL, bulk_create elsewhere.

On PostgreSQL the batch's sequence numbers are taken in one query, then statements and
keys are streamed with COPY (psycopg), which avoids building one model instance per index
key and the per-element escaping of the array parameters of Django's bulk insert. The
portable path (SQLite) uses `bulk_create`. Both return the inserted `Statement` rows, with
their primary keys, for the listeners.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.models.base import ModelState

from lrs.models import Statement, StatementKey
from lrs.xapi.jsontext import dumps

_COLUMNS: list[str] = []


def statement_columns() -> list[str]:
    """The concrete columns of a statement row, in model order (seq first)."""
    if not _COLUMNS:
        _COLUMNS.extend(field.attname for field in Statement._meta.concrete_fields)
    return _COLUMNS


def _as_rows(values: Sequence[list[Any]]) -> list[Statement]:
    """Model instances over full column values, for the listeners.

    Built as Django builds instances it unpickles (`Model.__new__`, then the attributes),
    without `Model.__init__`: its argument handling and the pre/post-init signals cost
    more than the rest of a row's life here, and no receiver listens to them for
    statements (a test checks that the rows behave as ones read from the database).
    """
    columns = statement_columns()
    alias = connection.alias
    rows = []
    for row_values in values:
        row = Statement.__new__(Statement)
        row.__dict__.update(zip(columns, row_values, strict=True))
        state = ModelState()
        state.adding = False
        state.db = alias
        row._state = state
        rows.append(row)
    return rows


def _copy(values: Sequence[list[Any]], keys: Sequence[Sequence[int]], seqs: Sequence[int]) -> None:
    """PostgreSQL: COPY statements (with the sequence numbers taken) and their keys."""
    columns = statement_columns()
    data_index = columns.index("data")
    with connection.cursor() as cursor:
        if len(seqs) < len(values):
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'seq')) FROM generate_series(1, %s)",
                [Statement._meta.db_table, len(values)],
            )
            seqs = sorted(seq for (seq,) in cursor.fetchall())
        for row_values, seq in zip(values, seqs, strict=False):
            row_values[0] = seq
        names = ", ".join(connection.ops.quote_name(name) for name in columns)
        table = connection.ops.quote_name(Statement._meta.db_table)
        with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row_values in values:
                out = list(row_values)
                out[data_index] = dumps(out[data_index])
                copy.write_row(out)
        key_table = connection.ops.quote_name(StatementKey._meta.db_table)
        with cursor.copy(f"COPY {key_table} (key, statement_id) FROM STDIN") as copy:
            for row_values, row_keys in zip(values, keys, strict=True):
                seq = row_values[0]
                for key in row_keys:
                    copy.write_row((key, seq))


def _portable(values: Sequence[list[Any]], keys: Sequence[Sequence[int]]) -> list[Statement]:
    """Any database: bulk_create, then read back the ids the backend did not return."""
    rows = [Statement(*row_values) for row_values in values]
    Statement.objects.bulk_create(rows)
    if rows and rows[0].pk is None:
        by_id = dict(
            Statement.objects.filter(statement_id__in=[r.statement_id for r in rows]).values_list(
                "statement_id", "seq"
            )
        )
        for row in rows:
            row.pk = by_id[row.statement_id]
    StatementKey.objects.bulk_create(
        [
            StatementKey(key=key, statement_id=row.pk)
            for row, row_keys in zip(rows, keys, strict=True)
            for key in row_keys
        ]
    )
    return rows


def statements_insert(
    values: Sequence[list[Any]], keys: Sequence[Sequence[int]], seqs: Sequence[int] = ()
) -> list[Statement]:
    """Insert statement rows (full column values, seq None) and their keys; return the rows.

    `seqs`: sequence numbers already taken for these rows (PostgreSQL, see lookup).
    """
    if not values:
        return []
    if connection.vendor == "postgresql":
        _copy(values, keys, seqs)
        return _as_rows(values)
    return _portable(values, keys)
