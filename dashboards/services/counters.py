"""Adding deltas to summary counter rows (`LevelCount`, `ActivityCount`).

Both summaries keep one row per key with a few integer columns, and the listeners move
differences into them: create the missing rows, add each delta to its row, drop the rows
that fall back to all zeros. Each addition is one `INSERT ... ON CONFLICT (key) DO UPDATE
SET v = v + excluded.v` (PostgreSQL and SQLite both have it, against the model's unique
constraint on the key), sent with `executemany` in key order; the clean-up is a prepared
`DELETE` for the rows that were given a negative difference. Locking rows one by one in a
fixed order keeps concurrent writers free of deadlocks.

Measured on the demo's dashboards step (SQLite): prepared statements instead of an ORM
`update()` with a dozen `F()` per row and an OR of every key took it from 53 s to 17 s
for three libraries; the upsert then replaced a `bulk_create(ignore_conflicts=True)` of
every key, whose model instances and field preparation cost more than the additions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connection, models, transaction


@transaction.atomic(savepoint=False)
def counters_add(
    model: type[models.Model],
    key_fields: Sequence[str],
    value_fields: Sequence[str],
    deltas: Mapping[tuple[Any, ...], Sequence[int]],
) -> int:
    """Add each delta vector to the row of its key (created when missing, dropped when all
    its values are zero); return the number of rows touched."""
    keys = sorted(key for key, delta in deltas.items() if any(delta))
    if not keys:
        return 0
    meta = model._meta
    quote = connection.ops.quote_name
    key_columns = [meta.get_field(name) for name in key_fields]
    key_names = [quote(field.column) for field in key_columns]
    value_names = [quote(meta.get_field(name).column) for name in value_fields]
    table = quote(meta.db_table)
    prepared = {
        key: [f.get_db_prep_value(v, connection) for f, v in zip(key_columns, key, strict=True)]
        for key in keys
    }
    upsert = (
        f"INSERT INTO {table} ({', '.join(key_names + value_names)}) "  # noqa: S608 (names from the model)
        f"VALUES ({', '.join(['%s'] * (len(key_names) + len(value_names)))}) "
        f"ON CONFLICT ({', '.join(key_names)}) DO UPDATE SET "
        + ", ".join(f"{name} = {table}.{name} + excluded.{name}" for name in value_names)
    )
    where = " AND ".join(f"{name} = %s" for name in key_names)
    all_zero = " AND ".join(f"{name} = 0" for name in value_names)
    # Only a row that was given a negative difference can have come back to all zeros.
    shrunk = [prepared[key] for key in keys if any(value < 0 for value in deltas[key])]
    with connection.cursor() as cursor:
        cursor.executemany(upsert, [[*prepared[key], *deltas[key]] for key in keys])
        if shrunk:
            cursor.executemany(
                f"DELETE FROM {table} WHERE {where} AND {all_zero}",  # noqa: S608 (names from the model)
                shrunk,
            )
    return len(keys)
